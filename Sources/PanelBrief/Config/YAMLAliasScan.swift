/// Checks a configuration's YAML text, before the YAML library builds it, for what would make the
/// library take exponential time or exhaust its stack: anchors and aliases (an alias bomb repeats
/// one value a billion times, and hashing it as a mapping key never ends) and deep nesting (the
/// library builds nodes recursively, and a few kilobytes of `[[[[…` would overflow the stack).
///
/// A light scan of YAML's syntax: quoted scalars (single and double), comments and block scalars
/// (`|`, `>`) are skipped; `&` or `*` counts only where a node may start (at the start of a line's
/// content, after `- `, `: `, `? `, `[`, `{` or `,`). A configuration never needs an anchor, so a
/// false alarm can only come from a plain value starting with & or *, which YAML itself would
/// read as an anchor or alias.
enum YAMLAliasScan {
  /// Nesting deeper than this is refused: brackets open at once, or indicators (`- `, `? `, `: `)
  /// on one line, or indentation (in columns, divided by 2).
  static let maxDepth = 64

  /// Why the text cannot be given to the YAML library, with its 1-based line, or `nil`.
  static func problem(in text: String) -> (line: Int, message: String)? {
    let bytes = Array(text.utf8)
    var line = 1
    var i = 0
    var nodeMayStart = true  // at the start of a line's content, or after an indicator
    var inDouble = false
    var inSingle = false
    var blockIndent: Int? = nil  // inside a block scalar: lines indented more than this
    var lineIndent = 0
    var atLineStart = true
    var lastContentIndent = 0
    var flowDepth = 0
    var indicatorsOnLine = 0
    let tooDeep =
      "the YAML is nested more than \(maxDepth) levels deep; a configuration needs a few."
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A {
        line += 1
        i += 1
        atLineStart = true
        lineIndent = 0
        indicatorsOnLine = 0
        if !inDouble && !inSingle { nodeMayStart = true }
        continue
      }
      if atLineStart {
        if b == 0x20 {
          lineIndent += 1
          i += 1
          continue
        }
        atLineStart = false
        if let indent = blockIndent {
          if b == 0x0D || lineIndent > indent {  // still inside the block scalar
            while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            continue
          }
          blockIndent = nil
        }
        if !inDouble && !inSingle {
          lastContentIndent = lineIndent
          if lineIndent > 2 * maxDepth { return (line, tooDeep) }
        }
      }
      if inDouble {
        if b == 0x5C {  // backslash escape
          i += 2
          continue
        }
        if b == 0x22 { inDouble = false }
        i += 1
        continue
      }
      if inSingle {
        if b == 0x27 {
          if i + 1 < bytes.count && bytes[i + 1] == 0x27 {
            i += 2
            continue
          }
          inSingle = false
        }
        i += 1
        continue
      }
      switch b {
      case 0x20, 0x09, 0x0D:
        break  // spaces keep whether a node may start
      case 0x23:  // '#': a comment when it starts a token
        if nodeMayStart || (i > 0 && (bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09)) {
          while i < bytes.count && bytes[i] != 0x0A { i += 1 }
          continue
        }
        nodeMayStart = false
      case 0x26, 0x2A:  // '&' or '*'
        if nodeMayStart {
          return (
            line,
            "YAML anchors and aliases (&name, *name) are not read in a configuration; write each value out in full (put a value that starts with & or * in quotes)."
          )
        }
      case 0x22:
        if nodeMayStart { inDouble = true }
        nodeMayStart = false
      case 0x27:
        if nodeMayStart { inSingle = true }
        nodeMayStart = false
      case 0x7C, 0x3E:  // '|' or '>': a block scalar follows on the next lines
        if nodeMayStart && flowDepth == 0 { blockIndent = lastContentIndent }
        nodeMayStart = false
      case 0x5B, 0x7B:  // '[', '{'
        if nodeMayStart {
          flowDepth += 1
          if flowDepth > maxDepth { return (line, tooDeep) }
        }
        nodeMayStart = true
      case 0x5D, 0x7D:  // ']', '}'
        if flowDepth > 0 { flowDepth -= 1 }
        nodeMayStart = false
      case 0x2C:  // ','
        nodeMayStart = flowDepth > 0
      case 0x2D, 0x3A, 0x3F:  // '-', ':', '?' followed by a space (or the end of the line)
        let next = i + 1 < bytes.count ? bytes[i + 1] : 0x0A
        if next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D
          || (b == 0x3A && flowDepth > 0 && (next == 0x2C || next == 0x5D || next == 0x7D))
        {
          if b == 0x3A || nodeMayStart {
            indicatorsOnLine += 1
            if indicatorsOnLine > maxDepth { return (line, tooDeep) }
          }
          nodeMayStart = b == 0x3A || nodeMayStart
        } else {
          nodeMayStart = false
        }
      default:
        nodeMayStart = false
      }
      i += 1
    }
    return nil
  }
}
