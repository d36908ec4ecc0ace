import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces an output folder as one unit, so that a reader (or a run killed at any moment) finds
/// the old briefing whole or the new one whole, never a mix of the two.
///
/// The new briefing is written into a sibling folder, `.<name>.staging-<pid>`, beside the output
/// folder. When every file is made, the two folders are exchanged in one system call
/// (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on macOS), and the old
/// briefing, now in the sibling, is deleted. A plain `rename(2)` cannot do this: it refuses to
/// replace a folder that is not empty. A symbolic link swapped in place would also be one step,
/// but it turns the output folder into a link, which `git`, zip files and file shares treat
/// differently from a folder.
///
/// Consequences:
/// - files of an earlier run that this run did not make (a restricted `briefing.docx` beside a
///   public paper, a chart no longer drawn) are gone, because the whole folder is replaced;
/// - files PanelBrief never makes (the `preview-*.png` pictures, a reader's notes) are carried
///   into the new folder by hard link; a subfolder or other special file in the output folder is
///   refused before any work, since it cannot be carried over in one step;
/// - a staging sibling left by a run that was killed is removed by the next run, before it starts.
///   A kill between the exchange and the removal leaves the old briefing in the sibling, never in
///   the output folder.
public enum OutputFolder {
  /// Whether `name` is a file PanelBrief writes into an output folder (or a leftover of one).
  public static func isBriefingFile(_ name: String) -> Bool {
    name.hasPrefix("briefing.") || name == "briefing-tidy.csv"
      || (name.hasPrefix("chart-") && name.hasSuffix(".svg"))
      || name.hasPrefix(".staging-") || name.hasPrefix(".convert-")
  }

  /// Makes the new contents of `folder` with `make` (given the path of an empty staging folder
  /// and returning the files it wrote) and puts them in place of `folder`'s contents in one step.
  /// Returns what `make` returned.
  ///
  /// `commit` runs once the new briefing is in place and before the old one is deleted; if it
  /// throws, the old briefing is put back and the error is thrown (the run history's transaction
  /// commits there, so a paper and its record are made together or not at all).
  public static func replace(
    _ folder: String, commit: () throws -> Void = {},
    with make: (_ staging: String) throws -> [String]
  ) throws -> [String] {
    let fm = FileManager.default
    var target = URL(fileURLWithPath: folder).standardizedFileURL.path
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: target, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw OutputFolderError(folder: folder, message: "it is a file, not a folder.")
      }
      // A link to a folder: the folder it points to is replaced, the link kept.
      target = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
    }
    let url = URL(fileURLWithPath: target)
    let name = url.lastPathComponent
    let parent = url.deletingLastPathComponent().path
    guard target != "/", !name.isEmpty, name != ".", name != ".." else {
      throw OutputFolderError(folder: folder, message: "choose a folder below the root.")
    }
    do {
      try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
      throw OutputFolderError(
        folder: folder, message: "its parent folder cannot be made (\(Self.describe(error))).")
    }
    removeStaleSiblings(of: name, in: parent)

    // What the old folder holds that PanelBrief did not make: carried over, or refused now.
    var carried: [String] = []
    let exists = fm.fileExists(atPath: target)
    if exists {
      for entry in ((try? fm.contentsOfDirectory(atPath: target)) ?? []).sorted()
      where !isBriefingFile(entry) {
        var info = stat()
        guard lstat(target + "/" + entry, &info) == 0 else { continue }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFLNK else {
          throw OutputFolderError(
            folder: folder,
            message:
              "it holds '\(entry)', which is not a file PanelBrief writes and cannot be carried into the new briefing's folder in one step. Choose an output folder of its own (--out), or move '\(entry)' away."
          )
        }
        carried.append(entry)
      }
    }

    let staging = parent + "/" + stagingPrefix(name) + "\(getpid())"
    try? fm.removeItem(atPath: staging)
    do {
      try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
    } catch {
      throw OutputFolderError(
        folder: folder,
        message:
          "the folder for the new briefing, \(staging), cannot be made beside it (\(Self.describe(error))); the parent folder must be writable."
      )
    }
    var exchanged = false
    defer { if !exchanged { try? fm.removeItem(atPath: staging) } }

    let files = try make(staging)
    for entry in carried {
      let from = target + "/" + entry
      let to = staging + "/" + entry
      if let destination = try? fm.destinationOfSymbolicLink(atPath: from) {
        try fm.createSymbolicLink(atPath: to, withDestinationPath: destination)
      } else if link(from, to) != 0 {
        try fm.copyItem(atPath: from, toPath: to)
      }
    }

    if exists {
      guard exchange(staging, target) == 0 else {
        let reason = String(cString: strerror(errno))
        throw OutputFolderError(
          folder: folder,
          message:
            "the new briefing could not be put in place of the old one (\(reason)); the old briefing is unchanged."
        )
      }
      exchanged = true
      // `staging` now holds the old briefing.
      do {
        try commit()
      } catch {
        // Put the old briefing back; the new one, now in `staging`, is removed.
        _ = exchange(staging, target)
        try? fm.removeItem(atPath: staging)
        throw error
      }
      try? fm.removeItem(atPath: staging)
    } else {
      guard rename(staging, target) == 0 else {
        let reason = String(cString: strerror(errno))
        throw OutputFolderError(
          folder: folder, message: "the new briefing could not be put in place (\(reason)).")
      }
      exchanged = true
      do {
        try commit()
      } catch {
        try? fm.removeItem(atPath: target)
        throw error
      }
    }
    return files
  }

  static func stagingPrefix(_ name: String) -> String { "." + name + ".staging-" }

  /// Removes staging siblings of `name` whose run is over (its process no longer exists).
  static func removeStaleSiblings(of name: String, in parent: String) {
    let prefix = stagingPrefix(name)
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
    where entry.hasPrefix(prefix) {
      guard let pid = Int32(entry.dropFirst(prefix.count)), pid > 0 else { continue }
      if pid != getpid() && kill(pid, 0) == 0 { continue }  // another run, still going
      if pid != getpid() && errno == EPERM { continue }  // alive, someone else's
      try? FileManager.default.removeItem(atPath: parent + "/" + entry)
    }
  }

  /// Exchanges two folders in one step; 0 on success, -1 with `errno` set otherwise.
  static func exchange(_ a: String, _ b: String) -> Int32 {
    #if canImport(Glibc)
      // renameat2 is in glibc from 2.28; looked up at run time, the Swift Glibc module does not
      // declare it.
      typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
      guard let symbol = dlsym(nil, "renameat2") else {
        errno = ENOSYS
        return -1
      }
      let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
      let renameExchange: UInt32 = 1 << 1
      return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange)
    #elseif canImport(Darwin)
      return renamex_np(a, b, UInt32(RENAME_SWAP))
    #else
      errno = ENOSYS
      return -1
    #endif
  }

  static func describe(_ error: any Error) -> String {
    if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain,
      let code = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
      return String(cString: strerror(code.rawValue))
    }
    return (error as NSError).localizedDescription
  }
}

/// An output folder that cannot be replaced, with what to do about it.
public struct OutputFolderError: Error, CustomStringConvertible {
  public var folder: String
  public var message: String
  public var description: String { "the output folder \(folder) cannot be used: \(message)" }
}
