import Foundation

/// How to read a delimited text export. Anything left `nil` is worked out from the file.
public struct CSVOptions: Sendable {
  /// The byte between fields (`,` `\t` `;` `|` ...); `nil` = guess it from the first lines.
  public var delimiter: UInt8?
  /// The file's character encoding; `nil` = detect it (byte order mark, then a UTF-8 check).
  public var encoding: TextEncoding?
  /// The most bytes one record may hold. A longer record is reported as malformed and skipped;
  /// this keeps memory bounded when a stray quote would otherwise swallow the rest of the file.
  public var maxRecordBytes: Int

  public init(
    delimiter: UInt8? = nil, encoding: TextEncoding? = nil, maxRecordBytes: Int = 64 * 1024 * 1024
  ) {
    self.delimiter = delimiter
    self.encoding = encoding
    self.maxRecordBytes = maxRecordBytes
  }
}

/// Reads a CSV (or tab-, semicolon- or pipe-separated) export one record at a time, in bounded
/// memory: the file is read in chunks and converted to UTF-8 on the way, and each record keeps
/// only its fields' bytes.
///
/// The rules are RFC 4180's, with the leniencies real exports need:
/// - a field in double quotes may hold the delimiter, line breaks (kept exactly as in the file:
///   LF, CRLF or CR) and doubled quotes (`""` is one `"`);
/// - records end at LF, CRLF or a lone CR (old Mac files); the last record may lack a line break;
/// - a line with no bytes at all is skipped and counted in `blankLinesSkipped`;
/// - a quote inside a field that did not start with one (`5'10"`) is kept literally.
///
/// A record the reader cannot make sense of throws `.malformedRecord` naming the line it starts
/// on, and the next call carries on with the following record:
/// - text after a closing quote (`"abc"x`): the record is skipped;
/// - a quoted field never closed, or one that spans lines and then has text after its closing
///   quote: the record is reported, and reading resumes on the line after the one where the
///   quote opened, so one stray quote does not swallow the rest of the file;
/// - a record longer than `CSVOptions.maxRecordBytes`.
///
/// Encoding: a byte order mark decides (UTF-8, UTF-16 LE/BE); without one, and unless
/// configured, the whole file is checked as UTF-8 once before the first record (a fast streaming
/// pass) and read as Windows-1252 if it is not valid UTF-8.
///
/// `TabularRecord.line` is the 1-based physical line the record starts on, counting line
/// breaks inside quoted fields. Copies of a reader share one file position.
public struct CSVReader: TabularReader {
  public let path: String
  /// The encoding the file was read in (detected or as configured).
  public private(set) var encoding: TextEncoding
  /// The byte between fields (sniffed or as configured).
  public private(set) var delimiter: UInt8
  private let engine: Engine
  private let encodingNote: String

  /// Opens `path`, works out its encoding and delimiter (unless `options` fix them) and gets ready
  /// to read the first record. A missing file, a folder or an unreadable file throws `.unreadable`.
  public init(path: String, options: CSVOptions = .init()) throws(TabularError) {
    try self.init(path: path, options: options, chunkSize: 256 * 1024)
  }

  /// `chunkSize` is the number of bytes read from the file at a time (small values in tests).
  init(path: String, options: CSVOptions, chunkSize: Int) throws(TabularError) {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .unreadable(path: path, reason: "there is no file at this path.")
    }
    guard !isDirectory.boolValue else {
      throw .unreadable(path: path, reason: "this is a folder, not a CSV or text file.")
    }
    if let problem = regularFileProblem(atPath: path) {
      throw .unreadable(path: path, reason: problem)
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(
        path: path, reason: "the file cannot be opened for reading (check its permissions).")
    }
    let engine = Engine(
      path: path, handle: handle, chunkSize: max(chunkSize, 1),
      maxRecordBytes: max(options.maxRecordBytes, 1))
    // The first chunk must hold a whole byte order mark (matters only for tiny chunk sizes).
    var first = try engine.readRaw()
    while first.count < 4 {
      let more = try engine.readRaw()
      if more.isEmpty { break }
      first += more
    }

    // Encoding: as configured, else from a byte order mark, else UTF-8 if the whole file is
    // valid UTF-8, else Windows-1252.
    let bom: TextEncoding? =
      if first.starts(with: [0xEF, 0xBB, 0xBF]) {
        .utf8BOM
      } else if first.starts(with: [0xFF, 0xFE]) {
        .utf16LE
      } else if first.starts(with: [0xFE, 0xFF]) {
        .utf16BE
      } else {
        nil
      }
    var note = ""
    let encoding: TextEncoding
    var known = false  // the whole file has been checked as UTF-8 already
    if let configured = options.encoding {
      encoding = configured
      if configured == .utf16LE || configured == .utf16BE {
        note = bom == configured ? " with BOM (converted)" : " (converted)"
      } else if configured == .windows1252 {
        note = " (converted)"
      }
    } else if let bom {
      encoding = bom
      if bom != .utf8BOM { note = " with BOM (converted)" }
    } else if try engine.isValidUTF8(startingWith: first) {
      encoding = .utf8
      known = true
    } else {
      encoding = .windows1252
      note = " (not valid UTF-8; converted)"
    }
    // A byte order mark is never data: drop it when it matches the encoding.
    let skip: Int =
      switch encoding {
      case .utf8, .utf8BOM: first.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
      case .utf16LE: bom == .utf16LE ? 2 : 0
      case .utf16BE: bom == .utf16BE ? 2 : 0
      case .windows1252: 0
      }
    let why: String =
      if options.encoding != nil {
        "as configured (encoding: \(Self.configName(encoding)))"
      } else if bom != nil {
        "as its byte order mark says"
      } else {
        "as detected"
      }
    engine.encodingReason = why
    try engine.start(encoding: encoding, firstChunk: first, skipping: skip, known: known)
    self.encoding = encoding
    self.encodingNote = note
    if let configured = options.delimiter {
      self.delimiter = configured
    } else {
      self.delimiter = try engine.sniffDelimiter()
    }
    engine.delimiter = self.delimiter
    self.engine = engine
  }

  static func configName(_ encoding: TextEncoding) -> String {
    switch encoding {
    case .utf8, .utf8BOM: "utf-8"
    case .utf16LE: "utf-16le"
    case .utf16BE: "utf-16be"
    case .windows1252: "windows-1252"
    }
  }

  /// Reads the next record, or `nil` at the end of the file.
  public mutating func next() throws(TabularError) -> TabularRecord? {
    try engine.next()
  }

  // MARK: Parts of a file read in parallel

  /// The file offset of the next unread byte. Meaningful when the file is UTF-8 (with or without
  /// a byte order mark): its bytes are read as they are, so offsets in the file and in the
  /// reader's buffer agree.
  var offset: Int { engine.base + engine.pos }
  /// The physical line at `offset` (1-based, counted from where this reader started).
  var line: Int { engine.line }
  /// Whether lines were read twice after an unclosed quote (then `offset` no longer follows the
  /// file, and a part ending here cannot be joined to the next).
  var wasRewound: Bool { engine.rewound }
  /// Makes `next()` return `nil` once a record would start at or after file offset `stop`.
  func stop(at stop: Int) { engine.stopOffset = stop }

  /// A reader of the part of a UTF-8 file that starts at `start` (the first byte of a line),
  /// with the delimiter already known; its lines count from 1.
  static func part(
    path: String, start: Int, stop: Int, delimiter: UInt8, maxRecordBytes: Int
  ) throws(TabularError) -> CSVReader {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(
        path: path, reason: "the file cannot be opened for reading (check its permissions).")
    }
    do { try handle.seek(toOffset: UInt64(start)) } catch {
      throw .unreadable(
        path: path, reason: "the file could not be read (\(error.localizedDescription)).")
    }
    let engine = Engine(
      path: path, handle: handle, chunkSize: 256 * 1024, maxRecordBytes: maxRecordBytes)
    engine.transcoder = TextEncoding.Transcoder(encoding: .utf8, checkUTF8: false)
    engine.base = start
    engine.stopOffset = stop
    engine.delimiter = delimiter
    return CSVReader(path: path, engine: engine, delimiter: delimiter)
  }

  private init(path: String, engine: Engine, delimiter: UInt8) {
    self.path = path
    self.engine = engine
    self.encoding = .utf8
    self.delimiter = delimiter
    self.encodingNote = ""
  }

  /// The maximum record length this reader was opened with.
  var maxRecordBytes: Int { engine.maxRecordBytes }

  /// Adds the line endings and blank lines another part of the same file met, so that
  /// `formatDescription` and `blankLinesSkipped` describe the whole file.
  func absorbCounts(of other: CSVReader) {
    engine.lf += other.engine.lf
    engine.crlf += other.engine.crlf
    engine.cr += other.engine.cr
    engine.blankLinesSkipped += other.engine.blankLinesSkipped
  }

  /// The number of lines with no bytes at all skipped so far.
  public var blankLinesSkipped: Int { engine.blankLinesSkipped }

  /// The line endings seen so far: "LF", "CRLF", "CR", "mixed", or "none" before the first one.
  public var lineEndings: String {
    let kinds = [("LF", engine.lf), ("CRLF", engine.crlf), ("CR", engine.cr)].filter { $0.1 > 0 }
    switch kinds.count {
    case 0: return "none"
    case 1: return kinds[0].0
    default: return "mixed"
    }
  }

  /// What the reader found, e.g. "UTF-8 with BOM, CRLF line endings, comma-separated" or
  /// "Windows-1252 (not valid UTF-8; converted), LF line endings, semicolon-separated".
  /// Line endings are those seen so far.
  public var formatDescription: String {
    let endings: String
    switch lineEndings {
    case "none": endings = "no line breaks"
    case "mixed":
      let parts = [("LF", engine.lf), ("CRLF", engine.crlf), ("CR", engine.cr)].filter { $0.1 > 0 }
      endings =
        "mixed line endings (" + parts.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ")"
    default: endings = "\(lineEndings) line endings"
    }
    let separated: String =
      switch delimiter {
      case 0x2C: "comma-separated"
      case 0x09: "tab-separated"
      case 0x3B: "semicolon-separated"
      case 0x7C: "pipe-separated"
      case 0x21...0x7E: "separated by \"\(Character(Unicode.Scalar(delimiter)))\""
      default: "separated by byte 0x\(String(delimiter, radix: 16, uppercase: true))"
      }
    return "\(encoding.displayName)\(encodingNote), \(endings), \(separated)"
  }
}

extension CSVReader {
  /// The reading machinery: the file, the decoded buffer, the position and the counts. A class so
  /// that `next()` can refill buffers in place.
  fileprivate final class Engine {
    let path: String
    let handle: FileHandle
    let chunkSize: Int
    let maxRecordBytes: Int
    var transcoder = TextEncoding.Transcoder(encoding: .utf8)
    var delimiter: UInt8 = 0x2C

    /// Decoded UTF-8 bytes; `buf[pos...]` is not yet consumed.
    var buf: [UInt8] = []
    var pos = 0
    /// The file has been read to its end (the transcoder is flushed).
    var atEOF = false
    /// The physical line at `pos`.
    var line = 1
    var lf = 0
    var crlf = 0
    var cr = 0
    var blankLinesSkipped = 0
    /// The size of the last record, to reserve room for the next one (no regrowth per field).
    var lastRecordBytes = 64
    var lastFieldCount = 8
    var spareStorage: [UInt8] = []
    var spareEnds: [Int] = []
    /// Set when the file failed mid-way; every later call throws it again.
    var fatal: TabularError? = nil
    /// The file offset of `buf[0]` (meaningful for UTF-8 files, whose bytes are not converted).
    var base = 0
    /// `next()` returns `nil` once a record would start at or after this file offset (a part of
    /// the file read on its own; see `CSVReader.part`).
    var stopOffset = Int.max
    /// Set when lines were put back to be read again (after an unclosed quote): file offsets no
    /// longer follow `buf`, so a part of the file read on its own cannot be trusted to join.
    var rewound = false

    init(path: String, handle: FileHandle, chunkSize: Int, maxRecordBytes: Int) {
      self.path = path
      self.handle = handle
      self.chunkSize = chunkSize
      self.maxRecordBytes = maxRecordBytes
    }

    deinit { try? handle.close() }

    /// The next raw chunk of the file; empty at its end.
    /// Read straight into the array with `read(2)` (no `Data` between: one copy fewer).
    func readRaw() throws(TabularError) -> [UInt8] {
      let fd = handle.fileDescriptor
      var failure: Int32 = 0
      let chunk = [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, count in
        count = 0
        while count < buffer.count {
          let n = read(fd, buffer.baseAddress! + count, buffer.count - count)
          if n > 0 {
            count += n
          } else if n == 0 {
            break
          } else if errno != EINTR {
            failure = errno
            break
          }
        }
      }
      if failure != 0 {
        let e = TabularError.unreadable(
          path: path,
          reason: "the file could not be read (\(String(cString: strerror(failure)))).")
        fatal = e
        throw e
      }
      return chunk
    }

    /// Streams through the rest of the file checking it is UTF-8, then goes back to just after
    /// `first`.
    func isValidUTF8(startingWith first: [UInt8]) throws(TabularError) -> Bool {
      var info = stat()
      if fstat(handle.fileDescriptor, &info) == 0, Int(info.st_size) - first.count >= 64 << 20 {
        var validator = TextEncoding.UTF8Validator()
        validator.feed(first)
        guard validator.isValid else { return false }
        let rest = try CSVReader.isValidUTF8InParallel(
          path: path, descriptor: handle.fileDescriptor, from: first.count,
          to: Int(info.st_size), carrying: validator)
        if let rest { return rest }
        // The file changed size while it was read: check it in one go below.
      }
      var validator = TextEncoding.UTF8Validator()
      validator.feed(first)
      var chunk = first
      while validator.isValid && !chunk.isEmpty {
        chunk = try readRaw()
        validator.feed(chunk)
      }
      let valid = validator.isValid && validator.finish()
      do {
        try handle.seek(toOffset: UInt64(first.count))
      } catch {
        throw .unreadable(
          path: path, reason: "the file could not be read twice (\(error.localizedDescription)).")
      }
      return valid
    }

    func start(encoding: TextEncoding, firstChunk: [UInt8], skipping: Int, known: Bool)
      throws(TabularError)
    {
      transcoder = TextEncoding.Transcoder(encoding: encoding, checkUTF8: !known)
      base = skipping
      if firstChunk.isEmpty {
        atEOF = true
      } else {
        transcoder.decode(firstChunk, from: skipping, into: &buf)
        try checkDecoded()
      }
    }

    /// Why the file is read in its encoding, for the message when a byte does not fit it.
    var encodingReason = ""

    /// Refuses the file once the transcoder has met a byte it cannot decode: read on, values
    /// differing only there would become the same text (two references merged into one).
    func checkDecoded() throws(TabularError) {
      guard let offset = transcoder.firstInvalidOffset else { return }
      let encoding = transcoder.encoding
      var line = 1
      if let handle = FileHandle(forReadingAtPath: path) {
        // The line of the byte, counted again from the file (only on this error path).
        var remaining = offset
        while remaining > 0, let data = try? handle.read(upToCount: min(remaining, 1 << 20)),
          !data.isEmpty
        {
          let newline: UInt8 = 0x0A
          line += data.reduce(0) { $1 == newline ? $0 + 1 : $0 }
          remaining -= data.count
        }
        try? handle.close()
      }
      let advice: String =
        switch encoding {
        case .utf8, .utf8BOM:
          "Save the export again as UTF-8, or set encoding: windows-1252 for this source if it is an ANSI (Windows-1252) export."
        default:
          "Save the export again, as UTF-8 or UTF-16 from the program that made it."
        }
      let e = TabularError.unreadable(
        path: path,
        reason:
          "the file is read as \(encoding.displayName) \(encodingReason), but byte \(offset) (near line \(line)) is not valid \(encoding == .utf8BOM ? "UTF-8" : encoding.displayName); reading on would turn values that differ there into the same text. \(advice)"
      )
      fatal = e
      throw e
    }

    /// Reads and decodes more of the file onto the end of `buf`, dropping consumed bytes first.
    /// Returns `false` when nothing more could be added (end of file).
    func refill() throws(TabularError) -> Bool {
      if pos > 0 {
        buf.removeSubrange(0..<pos)
        base += pos
        pos = 0
      }
      let before = buf.count
      while !atEOF && buf.count == before {
        let raw = try readRaw()
        if raw.isEmpty {
          transcoder.finish(into: &buf)
          atEOF = true
        } else {
          transcoder.decode(moving: raw, into: &buf)
        }
        try checkDecoded()
      }
      return buf.count > before
    }

    /// The index of the first byte of `buf` from `from` on that is `a`, `b` or `c`, or
    /// `buf.count`: eight bytes at a time, each compared by the "has a zero byte" test on the
    /// word xor-ed with the byte repeated (its lowest flagged byte is always a true match).
    @inline(__always)
    func firstOf(_ a: UInt8, _ b: UInt8, _ c: UInt8, from: Int) -> Int {
      buf.withUnsafeBufferPointer { p in
        let n = p.count
        var i = from
        guard let base = p.baseAddress, i < n else { return n }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let (ma, mb, mc) = (ones &* UInt64(a), ones &* UInt64(b), ones &* UInt64(c))
        while i + 8 <= n {
          let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          let (xa, xb, xc) = (w ^ ma, w ^ mb, w ^ mc)
          let z =
            ((xa &- ones) & ~xa | (xb &- ones) & ~xb | (xc &- ones) & ~xc) & highs
          if z != 0 { return i + z.trailingZeroBitCount >> 3 }
          i += 8
        }
        while i < n {
          let x = base[i]
          if x == a || x == b || x == c { return i }
          i += 1
        }
        return n
      }
    }

    /// Makes sure at least one unconsumed byte is in `buf`; `false` at the end of the file.
    @inline(__always)
    func ensure() throws(TabularError) -> Bool {
      if pos < buf.count { return true }
      return try refill()
    }

    /// Consumes the line break at `pos` (LF, CR or CRLF), counting it; returns its bytes.
    func consumeLineBreak() throws(TabularError) -> ArraySlice<UInt8> {
      line += 1
      if buf[pos] == Byte.lf {
        pos += 1
        lf += 1
        return Byte.lfBytes[...]
      }
      pos += 1
      if try ensure(), buf[pos] == Byte.lf {
        pos += 1
        crlf += 1
        return Byte.crlfBytes[...]
      }
      cr += 1
      return Byte.crBytes[...]
    }

    // MARK: Delimiter sniffing

    /// Picks the delimiter among `,` tab `;` `|` whose count outside quotes is the same, and not
    /// zero, on the most of the first lines; ties go to the larger count, then to that order.
    /// Nothing consistent: comma.
    func sniffDelimiter() throws(TabularError) -> UInt8 {
      let candidates: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C]
      let wantedRecords = 10
      let window = max(64 * 1024, chunkSize)
      var counts: [[Int]] = []
      while true {
        counts = candidates.map {
          Self.delimiterCounts(buf[pos...], $0, wantedRecords, atEOF: atEOF)
        }
        let complete = counts.map(\.count).max() ?? 0
        if atEOF || complete >= wantedRecords || (complete >= 1 && buf.count - pos >= window)
          || buf.count - pos >= maxRecordBytes
        {
          break
        }
        // Read more without dropping anything: `pos` is still 0 here.
        let before = buf.count
        while !atEOF && buf.count == before {
          let raw = try readRaw()
          if raw.isEmpty {
            transcoder.finish(into: &buf)
            atEOF = true
          } else {
            transcoder.decode(raw, into: &buf)
          }
          try checkDecoded()
        }
      }
      var best: (candidate: UInt8, consistency: Int, mode: Int)? = nil
      for (candidate, perRecord) in zip(candidates, counts) {
        var frequency: [Int: Int] = [:]
        for c in perRecord where c > 0 { frequency[c, default: 0] += 1 }
        guard let top = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else {
          continue
        }
        if let b = best, (top.value, top.key) <= (b.consistency, b.mode) { continue }
        best = (candidate, top.value, top.key)
      }
      return best?.candidate ?? 0x2C
    }

    /// The number of `delimiter`s outside quotes in each of the first `limit` records of `bytes`
    /// (blank lines skipped). A record cut off by the end of `bytes` counts only at the file's end.
    static func delimiterCounts(
      _ bytes: ArraySlice<UInt8>, _ delimiter: UInt8, _ limit: Int, atEOF: Bool
    )
      -> [Int]
    {
      var result: [Int] = []
      var count = 0
      var inRecord = false
      var fieldStart = true
      var inQuotes = false
      var i = bytes.startIndex
      while i < bytes.endIndex && result.count < limit {
        let b = bytes[i]
        i += 1
        if inQuotes {
          if b == Byte.quote {
            if i < bytes.endIndex && bytes[i] == Byte.quote { i += 1 } else { inQuotes = false }
          }
          continue
        }
        if b == Byte.lf || b == Byte.cr {
          if inRecord { result.append(count) }
          count = 0
          inRecord = false
          fieldStart = true
          continue
        }
        inRecord = true
        if b == delimiter {
          count += 1
          fieldStart = true
        } else {
          if b == Byte.quote && fieldStart { inQuotes = true }
          fieldStart = false
        }
      }
      if inRecord && atEOF && i == bytes.endIndex && result.count < limit { result.append(count) }
      return result
    }

    // MARK: Records

    private enum State {
      case fieldStart, unquoted, quoted
    }

    func next() throws(TabularError) -> TabularRecord? {
      if let fatal { throw fatal }
      if base + pos >= stopOffset { return nil }
      // Blank lines: nothing at all before the line break.
      while true {
        guard try ensure() else { return nil }
        let b = buf[pos]
        guard b == Byte.lf || b == Byte.cr else { break }
        _ = try consumeLineBreak()
        blankLinesSkipped += 1
      }

      let startLine = line
      // The buffers of the previous record are reused: once the caller has let go of that
      // record they are uniquely held again, so clearing them keeps their memory.
      var storage: [UInt8] = []
      swap(&storage, &spareStorage)
      storage.removeAll(keepingCapacity: true)
      storage.reserveCapacity(lastRecordBytes)
      var ends: [Int] = []
      swap(&ends, &spareEnds)
      ends.removeAll(keepingCapacity: true)
      ends.reserveCapacity(lastFieldCount)
      var problem: String? = nil
      var state = State.fieldStart
      // A quoted field: where it opened, and the bytes after its first line break, to read
      // again as records if the quote is never closed.
      var quoteLine = 0
      var replay: [UInt8]? = nil
      var replayLine = 0
      var replayCounts = (lf: 0, crlf: 0, cr: 0)

      func finishRecord() throws(TabularError) -> TabularRecord {
        if let problem { throw .malformedRecord(path: path, line: startLine, reason: problem) }
        lastRecordBytes = max(64, storage.count + storage.count / 4)
        lastFieldCount = max(8, ends.count)
        spareStorage = storage
        spareEnds = ends
        return TabularRecord(line: startLine, storage: storage, ends: ends)
      }

      /// Skips to just after the next line break (or the end of the file).
      func skipRestOfLine() throws(TabularError) {
        while try ensure() {
          if let j = buf[pos...].firstIndex(where: { $0 == Byte.lf || $0 == Byte.cr }) {
            pos = j
            _ = try consumeLineBreak()
            return
          }
          pos = buf.count
        }
      }

      while true {
        switch state {
        case .fieldStart:
          guard try ensure() else {
            ends.append(storage.count)
            return try finishRecord()
          }
          let b = buf[pos]
          if b == Byte.quote {
            pos += 1
            quoteLine = line
            replay = nil
            state = .quoted
          } else if b == delimiter {
            pos += 1
            ends.append(storage.count)
          } else if b == Byte.lf || b == Byte.cr {
            ends.append(storage.count)
            _ = try consumeLineBreak()
            return try finishRecord()
          } else {
            state = .unquoted
          }

        case .unquoted:
          guard try ensure() else {
            ends.append(storage.count)
            return try finishRecord()
          }
          let d = delimiter
          let stop = firstOf(d, Byte.lf, Byte.cr, from: pos)
          storage.append(contentsOf: buf[pos..<stop])
          pos = stop
          if storage.count > maxRecordBytes {
            try skipRestOfLine()
            throw .malformedRecord(
              path: path, line: startLine,
              reason:
                "the record is longer than \(maxRecordBytes) bytes without a line break; it was skipped."
            )
          }
          guard pos < buf.count else { continue }
          ends.append(storage.count)
          if buf[pos] == d {
            pos += 1
            state = .fieldStart
          } else {
            _ = try consumeLineBreak()
            return try finishRecord()
          }

        case .quoted:
          guard try ensure() else {
            // The file ends inside the quoted field.
            let field = ends.count + 1
            if let bytes = replay {
              resume(with: bytes, atLine: replayLine, counts: replayCounts)
              throw .malformedRecord(
                path: path, line: startLine,
                reason:
                  "the quoted field \(field) that opens on line \(quoteLine) is never closed (the file ends inside it); the record was skipped and reading goes on from line \(replayLine)."
              )
            }
            throw .malformedRecord(
              path: path, line: startLine,
              reason:
                "the quoted field \(field) that opens on line \(quoteLine) is never closed (the file ends inside it)."
            )
          }
          let stop = firstOf(Byte.quote, Byte.lf, Byte.cr, from: pos)
          storage.append(contentsOf: buf[pos..<stop])
          replay?.append(contentsOf: buf[pos..<stop])
          pos = stop
          if storage.count > maxRecordBytes {
            let field = ends.count + 1
            if let bytes = replay {
              resume(with: bytes, atLine: replayLine, counts: replayCounts)
              throw .malformedRecord(
                path: path, line: startLine,
                reason:
                  "the quoted field \(field) that opens on line \(quoteLine) is not closed within \(maxRecordBytes) bytes; the record was skipped and reading goes on from line \(replayLine)."
              )
            }
            try skipRestOfLine()
            throw .malformedRecord(
              path: path, line: startLine,
              reason:
                "the quoted field \(field) that opens on line \(quoteLine) is not closed within \(maxRecordBytes) bytes; the rest of the line was skipped."
            )
          }
          guard pos < buf.count else { continue }
          if buf[pos] == Byte.quote {
            pos += 1
            guard try ensure() else {
              ends.append(storage.count)
              return try finishRecord()
            }
            let c = buf[pos]
            if c == Byte.quote {
              pos += 1
              storage.append(Byte.quote)
              replay?.append(contentsOf: [Byte.quote, Byte.quote])
              continue
            }
            if c != delimiter && c != Byte.lf && c != Byte.cr, let bytes = replay {
              // Text after a quote that closes lines later: most likely the opening quote was a
              // stray one, so read the lines after it again.
              let field = ends.count + 1
              let closeLine = line
              resume(with: bytes + [Byte.quote], atLine: replayLine, counts: replayCounts)
              throw .malformedRecord(
                path: path, line: startLine,
                reason:
                  "the quoted field \(field) that opens on line \(quoteLine) closes on line \(closeLine) with text after its closing quote; the record was skipped and reading goes on from line \(replayLine)."
              )
            }
            replay = nil
            if c == delimiter {
              pos += 1
              ends.append(storage.count)
              state = .fieldStart
            } else if c == Byte.lf || c == Byte.cr {
              ends.append(storage.count)
              _ = try consumeLineBreak()
              return try finishRecord()
            } else {
              // `"abc"x`: keep reading the record so its end is found, then report it.
              if problem == nil {
                problem =
                  "field \(ends.count + 1) has text after its closing quote (a quote inside a quoted field must be doubled: \"\"); the record was skipped."
              }
              state = .unquoted
            }
          } else {
            // A line break inside the quotes is part of the field.
            let lineBreak = try consumeLineBreak()
            storage.append(contentsOf: lineBreak)
            if replay == nil {
              replay = []
              replayLine = line
              replayCounts = (lf, crlf, cr)
            } else {
              replay?.append(contentsOf: lineBreak)
            }
          }
        }
      }
    }

    /// Puts `bytes` back in front of the unread input and rewinds the line count, so that the
    /// lines after an unclosed quote's line are read again as records.
    private func resume(with bytes: [UInt8], atLine: Int, counts: (lf: Int, crlf: Int, cr: Int)) {
      rewound = true
      buf = bytes + buf[pos...]
      pos = 0
      line = atLine
      (lf, crlf, cr) = counts
    }
  }

  /// The bytes the reader treats specially.
  fileprivate enum Byte {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let lfBytes: [UInt8] = [0x0A]
    static let crBytes: [UInt8] = [0x0D]
    static let crlfBytes: [UInt8] = [0x0D, 0x0A]
  }
}

extension CSVReader {
  /// Whether bytes `from..<to` of the file are UTF-8, after `carrying` has seen the bytes
  /// before them: the range is split among the cores, each part read with `pread` and checked
  /// from its first byte that is not a continuation byte. The part before finishes the
  /// sequence it ends inside of, and must take exactly the continuation bytes the next part
  /// skipped (a stray one would otherwise go unseen). `nil` when the file ended early.
  static func isValidUTF8InParallel(
    path: String, descriptor: Int32, from: Int, to: Int, carrying: TextEncoding.UTF8Validator
  ) throws(TabularError) -> Bool? {
    struct PartResult {
      var valid = true
      /// Continuation bytes skipped at the start; bytes read past the end to finish a sequence.
      var skipped = 0
      var overrun = 0
      var failedRead = false
      var endsInside = false
    }
    let parts = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
    let size = to - from
    let results = Ingestor.PartSlots<PartResult>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { p in
      let start = from + size * p / parts
      let end = from + size * (p + 1) / parts
      var result = PartResult()
      var validator = p == 0 ? carrying : TextEncoding.UTF8Validator()
      let chunk = 1 << 20
      let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunk)
      defer { buffer.deallocate() }
      var offset = start
      var first = true
      // The part's bytes, then up to 3 more while a sequence is unfinished.
      while validator.isValid && (offset < end || (validator.isInsideSequence && offset < to)) {
        let want = offset < end ? min(chunk, end - offset) : 1
        let n = pread(descriptor, buffer.baseAddress!, want, off_t(offset))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          result.failedRead = true
          break
        }
        var skip = 0
        if first && p > 0 {
          while skip < min(n, 3) && buffer[skip] & 0xC0 == 0x80 { skip += 1 }
          result.skipped = skip
        }
        first = false
        if offset >= end { result.overrun += n }
        _ = validator.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), from: skip)
        offset += n
      }
      result.valid = validator.isValid
      result.endsInside = validator.isInsideSequence
      results.set(p, result)
    }
    let all = (0..<parts).map { results.take($0) }
    if all.contains(where: \.failedRead) { return nil }
    guard all.allSatisfy(\.valid), all.last?.endsInside == false else { return false }
    for p in 1..<parts where all[p - 1].overrun != all[p].skipped { return false }
    return true
  }
}
