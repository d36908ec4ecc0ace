/// The character encoding of a text export (CSV or tab-separated), as the reader found or was
/// told it. Everything is converted to UTF-8 while reading, so the rest of PanelBrief only ever
/// sees UTF-8.
public enum TextEncoding: String, Sendable, CaseIterable {
  /// UTF-8 without a byte order mark.
  case utf8
  /// UTF-8 starting with the byte order mark EF BB BF (as Excel's "CSV UTF-8" writes it).
  case utf8BOM
  /// UTF-16 little-endian (Excel's "Unicode Text"), normally starting with FF FE.
  case utf16LE
  /// UTF-16 big-endian, normally starting with FE FF.
  case utf16BE
  /// Windows-1252 ("ANSI" on Western Windows systems): one byte per character, £ is A3, € is 80.
  case windows1252

  /// The name used in messages: "UTF-8 with BOM", "Windows-1252".
  public var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf8BOM: "UTF-8 with BOM"
    case .utf16LE: "UTF-16 little-endian"
    case .utf16BE: "UTF-16 big-endian"
    case .windows1252: "Windows-1252"
    }
  }
}

extension TextEncoding {
  /// Converts raw file bytes of one encoding to UTF-8, chunk by chunk. State (half a UTF-16 code
  /// unit, a high surrogate waiting for its partner) is carried from one chunk to the next.
  ///
  /// Bytes that are not valid in the encoding (invalid UTF-8 in a file read as UTF-8, an unpaired
  /// UTF-16 surrogate or odd last byte) would have to become U+FFFD, and values that differ only
  /// there would then become the same text: two crime references merged into one. So the first
  /// such byte is recorded in `firstInvalidOffset` (counted from the start of the bytes given,
  /// byte order mark included) and the caller refuses the file. Windows-1252 decodes every byte.
  struct Transcoder {
    let encoding: TextEncoding
    private var leftover: UInt8? = nil
    private var pendingHigh: UInt16? = nil
    private var validator = UTF8Validator()
    /// Raw bytes given to `decode` so far (the skipped byte order mark included).
    private var consumed = 0
    /// The offset of the first byte that could not be decoded, or `nil`.
    private(set) var firstInvalidOffset: Int? = nil

    /// `checkUTF8: false` when the bytes are already known to be valid UTF-8 (saves a pass).
    init(encoding: TextEncoding, checkUTF8: Bool = true) {
      self.encoding = encoding
      self.checkUTF8 = checkUTF8
    }
    private let checkUTF8: Bool

    /// As `decode(_:from:into:)` from the start of `raw`; when `out` is empty and the bytes are
    /// UTF-8 already, `raw` becomes `out` without a copy.
    mutating func decode(moving raw: [UInt8], into out: inout [UInt8]) {
      guard out.isEmpty, encoding == .utf8 || encoding == .utf8BOM else {
        decode(raw, into: &out)
        return
      }
      if checkUTF8 && firstInvalidOffset == nil && !validator.feed(raw) {
        firstInvalidOffset = consumed + (validator.invalidIndex ?? 0)
      }
      consumed += raw.count
      out = raw
    }

    /// Appends the UTF-8 form of `raw[start...]` to `out`.
    mutating func decode(_ raw: [UInt8], from start: Int = 0, into out: inout [UInt8]) {
      defer { consumed += raw.count }
      guard start < raw.count else { return }
      switch encoding {
      case .utf8, .utf8BOM:
        if checkUTF8 && firstInvalidOffset == nil && !validator.feed(raw, from: start) {
          firstInvalidOffset = consumed + (validator.invalidIndex ?? start)
        }
        out.append(contentsOf: raw[start...])
      case .windows1252:
        out.reserveCapacity(out.count + raw.count - start)
        for i in start..<raw.count {
          let b = raw[i]
          if b < 0x80 {
            out.append(b)
          } else if b < 0xA0 {
            Self.appendScalar(UInt32(Self.cp1252High[Int(b - 0x80)]), to: &out)
          } else {
            Self.appendScalar(UInt32(b), to: &out)
          }
        }
      case .utf16LE, .utf16BE:
        let big = encoding == .utf16BE
        var i = start
        if let first = leftover, i < raw.count {
          leftover = nil
          let second = raw[i]
          i += 1
          decodeUnit(
            big ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first),
            at: consumed + i - 2, into: &out)
        }
        while i + 1 < raw.count {
          let a = raw[i]
          let b = raw[i + 1]
          decodeUnit(
            big ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a), at: consumed + i,
            into: &out)
          i += 2
        }
        if i < raw.count { leftover = raw[i] }
      }
    }

    /// Called at the end of the file: a dangling half code unit or lone high surrogate becomes U+FFFD.
    mutating func finish(into out: inout [UInt8]) {
      if pendingHigh != nil {
        pendingHigh = nil
        invalid(at: consumed - 2 - (leftover == nil ? 0 : 1))
        Self.appendScalar(0xFFFD, to: &out)
      }
      if leftover != nil {
        leftover = nil
        invalid(at: consumed - 1)
        Self.appendScalar(0xFFFD, to: &out)
      }
      if checkUTF8 && (encoding == .utf8 || encoding == .utf8BOM) && !validator.finish()
        && firstInvalidOffset == nil
      {
        firstInvalidOffset = consumed
      }
    }

    private mutating func invalid(at offset: Int) {
      if firstInvalidOffset == nil { firstInvalidOffset = max(0, offset) }
    }

    private mutating func decodeUnit(_ unit: UInt16, at offset: Int, into out: inout [UInt8]) {
      if let high = pendingHigh {
        pendingHigh = nil
        if (0xDC00...0xDFFF).contains(unit) {
          let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
          Self.appendScalar(scalar, to: &out)
          return
        }
        invalid(at: offset - 2)
        Self.appendScalar(0xFFFD, to: &out)  // a high surrogate with no low one after it
      }
      if (0xD800...0xDBFF).contains(unit) {
        pendingHigh = unit
      } else if (0xDC00...0xDFFF).contains(unit) {
        invalid(at: offset)
        Self.appendScalar(0xFFFD, to: &out)  // a low surrogate on its own
      } else {
        Self.appendScalar(UInt32(unit), to: &out)
      }
    }

    /// Appends the UTF-8 bytes of a Unicode scalar value (surrogates and values past U+10FFFF
    /// never reach here).
    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
      switch v {
      case 0..<0x80:
        out.append(UInt8(v))
      case 0x80..<0x800:
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
      case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
      default:
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
      }
    }

    /// Windows-1252 bytes 0x80–0x9F (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT).
    /// The five bytes the code page leaves undefined (81, 8D, 8F, 90, 9D) map to the C1 control
    /// of the same value, as the WHATWG Encoding Standard does. Bytes A0–FF equal their code point.
    private static let cp1252High: [UInt16] = [
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
  }

  /// Checks, chunk by chunk, that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no
  /// surrogates, nothing past U+10FFFF). A sequence may be split across chunks.
  struct UTF8Validator {
    /// Continuation bytes still expected.
    private var needed = 0
    /// Allowed range for the next continuation byte (narrower right after E0, ED, F0, F4).
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF
    /// `false` once an invalid byte has been seen.
    private(set) var isValid = true
    /// The index, in the bytes of the `feed` call that failed, of the byte found invalid.
    private(set) var invalidIndex: Int? = nil

    /// Feeds more bytes; returns `isValid`.
    @discardableResult
    mutating func feed(_ bytes: [UInt8], from start: Int = 0) -> Bool {
      guard isValid else { return false }
      return bytes.withUnsafeBufferPointer { feed($0, from: start) }
    }

    /// Whether the bytes fed so far end inside a multi-byte sequence.
    var isInsideSequence: Bool { needed != 0 }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
      var i = start
      let n = bytes.count
      let raw = UnsafeRawBufferPointer(bytes)
      while i < n {
        // Fast path: eight ASCII bytes at a time.
        if needed == 0 {
          while i + 8 <= n
            && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
          {
            i += 8
          }
          if i >= n { break }
        }
        let b = bytes[i]
        i += 1
        if needed == 0 {
          if b < 0x80 { continue }
          low = 0x80
          high = 0xBF
          switch b {
          case 0xC2...0xDF: needed = 1
          case 0xE0:
            needed = 2
            low = 0xA0
          case 0xE1...0xEC, 0xEE...0xEF: needed = 2
          case 0xED:
            needed = 2
            high = 0x9F
          case 0xF0:
            needed = 3
            low = 0x90
          case 0xF1...0xF3: needed = 3
          case 0xF4:
            needed = 3
            high = 0x8F
          default:
            isValid = false
            invalidIndex = i - 1
            return false
          }
        } else {
          guard b >= low && b <= high else {
            isValid = false
            invalidIndex = i - 1
            return false
          }
          needed -= 1
          low = 0x80
          high = 0xBF
        }
      }
      return true
    }

    /// Called at the end of the input: a sequence cut short there is invalid.
    mutating func finish() -> Bool {
      if needed != 0 { isValid = false }
      return isValid
    }
  }
}
