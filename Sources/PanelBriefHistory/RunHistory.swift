import Foundation
import GRDB
import PanelBrief

/// Why the history file cannot be used: a sentence naming the file and what to do.
public struct RunHistoryError: Error, CustomStringConvertible {
  public var description: String
}

/// The run history: one SQLite file (`report --history FILE` or the configuration's `history:`)
/// recording every paper made with it: when, the configuration's and every input's SHA-256, the
/// extraction date, the version, the marking, every published cell keyed by table, row and
/// column, and the crimes counted (by the SHA-256 of their reference), from which the next paper
/// of the series explains what changed.
///
/// A paper's series is its title, organisation and audience: the papers a panel receives one
/// after another. The previous paper of a run is the series' run with the latest extraction date
/// before its own (the latest recorded of that date), whatever the clock said when each ran, so
/// revisions depend on the data alone.
public final class RunHistory {
  /// The schema this version of PanelBrief writes, stored as SQLite's `user_version` and in the
  /// table `schema`.
  public static let schemaVersion = 1

  public let path: String
  let queue: DatabaseQueue

  /// A run as `panelbrief history` lists it.
  public struct Run: Sendable {
    public var id: Int64
    public var recordedAt: String
    public var extractionDate: String
    public var marking: String
    public var audience: String
    public var configurationPath: String
    public var configurationSHA256: String
    public var version: String
    public var title: String
    public var cells: Int
  }

  /// Opens (or creates) the history at `path`; refuses a file that is not a PanelBrief history,
  /// or one written by a later schema.
  public init(path: String) throws {
    self.path = path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw RunHistoryError(description: "the history file \(path) is a folder; give a file.")
    }
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: parent) else {
      throw RunHistoryError(
        description:
          "the folder of the history file \(path) does not exist; make it, or give another path.")
    }
    do {
      queue = try DatabaseQueue(path: path)
      let version = try queue.read { db in
        try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
      }
      let tables = try queue.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
      }
      if version > Self.schemaVersion {
        throw RunHistoryError(
          description:
            "the history file \(path) has schema version \(version), written by a later PanelBrief (this one writes version \(Self.schemaVersion)); use that version, or give a new history file."
        )
      }
      if version == 0 && !tables.isEmpty {
        throw RunHistoryError(
          description:
            "\(path) is an SQLite file but not a PanelBrief history (it has tables and no schema version); give another file."
        )
      }
      try Self.migrator.migrate(queue)
    } catch let e as RunHistoryError {
      throw e
    } catch {
      throw RunHistoryError(
        description: "the history file \(path) cannot be used as an SQLite database: \(error).")
    }
  }

  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1") { db in
      try db.execute(sql: "CREATE TABLE schema (version INTEGER NOT NULL)")
      try db.execute(sql: "INSERT INTO schema (version) VALUES (1)")
      try db.create(table: "run") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("recorded_at", .text).notNull()
        t.column("series", .text).notNull()
        t.column("title", .text).notNull()
        t.column("organisation", .text).notNull()
        t.column("audience", .text).notNull()
        t.column("marking", .text).notNull()
        t.column("version", .text).notNull()
        t.column("configuration_path", .text).notNull()
        t.column("configuration_sha256", .text).notNull()
        t.column("extraction_date", .text).notNull()
        t.column("period", .text).notNull()
      }
      try db.create(table: "input") { t in
        t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
        t.column("source", .text).notNull()
        t.column("path", .text).notNull()
        t.column("sha256", .text).notNull()
        t.column("rows_read", .integer).notNull()
      }
      try db.create(table: "cell") { t in
        t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
        t.column("table_id", .text).notNull()
        t.column("row_key", .text).notNull()
        t.column("column_key", .text).notNull()
        // The cell as JSON writes it: a number, or a text (shorthand such as [c] included).
        t.column("kind", .text).notNull()
        t.column("value", .text).notNull()
        t.primaryKey(["run_id", "table_id", "row_key", "column_key"])
      }
      try db.create(table: "crime") { t in
        t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
        t.column("reference_sha256", .text).notNull()
        t.column("recorded", .text).notNull()
        t.column("label", .text).notNull()
        t.column("status", .text).notNull()
        t.column("outcome_date", .text)
      }
      try db.create(index: "crime_run", on: "crime", columns: ["run_id"])
      try db.execute(sql: "PRAGMA user_version = 1")
    }
    return m
  }

  /// The series a configuration's papers belong to.
  public static func series(_ config: BriefingConfig) -> String {
    [config.title, config.organisation, config.audience.rawValue].joined(separator: "\u{1F}")
  }

  /// Every earlier run of the series whose extraction date is before `extraction`, oldest first
  /// (by extraction date, then by the order they were recorded), with their cells and crimes.
  public func earlierRuns(of config: BriefingConfig) throws -> [HistoricRun] {
    let series = Self.series(config)
    return try queue.read { db in
      let rows = try Row.fetchAll(
        db,
        sql:
          "SELECT id, extraction_date FROM run WHERE series = ? AND extraction_date < ? ORDER BY extraction_date, id",
        arguments: [series, config.extractionDate.iso])
      return try rows.map { row in
        let id: Int64 = row["id"]
        let date = Day(iso: row["extraction_date"]) ?? config.extractionDate
        let cells = try Row.fetchAll(
          db,
          sql:
            "SELECT table_id, row_key, column_key, kind, value FROM cell WHERE run_id = ? ORDER BY rowid",
          arguments: [id]
        ).map { r in
          PublishedCell(
            table: r["table_id"], row: r["row_key"], column: r["column_key"],
            cell: Self.cell(kind: r["kind"], value: r["value"]))
        }
        let crimes = try Row.fetchAll(
          db,
          sql:
            "SELECT reference_sha256, recorded, label, status, outcome_date FROM crime WHERE run_id = ? ORDER BY rowid",
          arguments: [id]
        ).compactMap { r -> CrimeState? in
          guard let recorded = Day(iso: r["recorded"]) else { return nil }
          let outcome: String? = r["outcome_date"]
          return CrimeState(
            referenceSHA256: r["reference_sha256"], recorded: recorded, label: r["label"],
            status: r["status"], outcomeDate: outcome.flatMap { Day(iso: $0) })
        }
        return HistoricRun(id: id, extractionDate: date, cells: cells, crimes: crimes)
      }
    }
  }

  static func kindAndValue(_ cell: Cell) -> (String, String) {
    switch cell {
    case .text(let s): ("text", s)
    case .integer(let i): ("integer", String(i))
    case .number(let d): ("number", String(d))
    case .shorthand(let s): ("shorthand", s.rawValue)
    }
  }

  static func cell(kind: String, value: String) -> Cell {
    switch kind {
    case "integer": Int(value).map(Cell.integer) ?? .text(value)
    case "number": Double(value).map(Cell.number) ?? .text(value)
    case "shorthand": Cell.Shorthand(rawValue: value).map(Cell.shorthand) ?? .text(value)
    default: .text(value)
    }
  }

  /// Records a run in one transaction that commits only if `write` (which makes the paper)
  /// succeeds: a refused or failed run records nothing. `write` is given `commit`, which it must
  /// call once the paper is made and before it is put in place; if the commit fails the paper is
  /// not put in place.
  public func record(
    briefing: Briefing, config: BriefingConfig, data: IngestedData, recordedAt: String,
    configurationSHA256: String, version: String,
    write: (_ commit: () throws -> Void) throws -> [String]
  ) throws -> [String] {
    var files: [String] = []
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
      var open = true
      defer { if open { try? db.execute(sql: "ROLLBACK") } }
      try db.execute(
        sql: """
          INSERT INTO run (recorded_at, series, title, organisation, audience, marking, version,
            configuration_path, configuration_sha256, extraction_date, period)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          recordedAt, Self.series(config), config.title, config.organisation,
          config.audience.rawValue, config.marking, version,
          URL(fileURLWithPath: config.path).standardizedFileURL.path, configurationSHA256,
          config.extractionDate.iso, config.periodDescription,
        ])
      let id = db.lastInsertedRowID
      for r in data.reconciliation {
        try db.execute(
          sql: "INSERT INTO input (run_id, source, path, sha256, rows_read) VALUES (?, ?, ?, ?, ?)",
          arguments: [id, r.source, r.path, r.sha256, r.rowsRead])
      }
      let insertCell = try db.makeStatement(
        sql:
          "INSERT INTO cell (run_id, table_id, row_key, column_key, kind, value) VALUES (?, ?, ?, ?, ?, ?)"
      )
      for c in PublishedCell.all(in: briefing) {
        let (kind, value) = Self.kindAndValue(c.cell)
        try insertCell.execute(arguments: [id, c.table, c.row, c.column, kind, value])
      }
      let insertCrime = try db.makeStatement(
        sql:
          "INSERT INTO crime (run_id, reference_sha256, recorded, label, status, outcome_date) VALUES (?, ?, ?, ?, ?, ?)"
      )
      for c in CrimeState.all(in: data) {
        try insertCrime.execute(arguments: [
          id, c.referenceSHA256, c.recorded.iso, c.label, c.status, c.outcomeDate?.iso,
        ])
      }
      files = try write {
        try db.execute(sql: "COMMIT")
        open = false
      }
      guard !open else {
        throw RunHistoryError(description: "the paper was made but the history was not committed.")
      }
    }
    return files
  }

  /// Every run, oldest first.
  public func runs() throws -> [Run] {
    try queue.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT run.*, (SELECT COUNT(*) FROM cell WHERE cell.run_id = run.id) AS cells
          FROM run ORDER BY id
          """
      ).map { r in
        Run(
          id: r["id"], recordedAt: r["recorded_at"], extractionDate: r["extraction_date"],
          marking: r["marking"], audience: r["audience"],
          configurationPath: r["configuration_path"],
          configurationSHA256: r["configuration_sha256"], version: r["version"],
          title: r["title"], cells: r["cells"])
      }
    }
  }
}
