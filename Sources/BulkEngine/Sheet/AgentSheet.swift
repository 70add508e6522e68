/// A CSV table read as the agent template: which header cell is which column, and one
/// `AgentRow` per record.
///
/// Header matching forgives case, white space and a byte-order mark. Unknown columns are kept
/// (in `record.fields`) and ignored, and a column named `error` (the failure file's reason)
/// is ignored too, so a failure file can be fixed and dropped back as it is. Only
/// `user login` is required of the header (update needs nothing else); what create needs is
/// checked per row by `CreateRows`.
package struct AgentSheet: Sendable {
    package let table: CSVTable
    package var rows: [AgentRow]
    /// Header position of each template column present.
    package let columns: [AgentColumn: Int]
    /// Header cells that are neither template columns nor `error`, kept and ignored.
    package let ignoredColumns: [String]
    /// Positions of `error` columns, dropped when a failure file is written.
    let errorColumns: [Int]

    package init(_ table: CSVTable) throws(SheetError) {
        var columns: [AgentColumn: Int] = [:]
        var ignored: [String] = []
        var errors: [Int] = []
        for (index, name) in table.header.enumerated() {
            if let column = AgentColumn(header: name) {
                if let earlier = columns[column] {
                    throw SheetError(.duplicateColumn, line: 1, column: index + 1,
                        """
                            The header has two '\(column.rawValue)' columns: column \(CSVReader.columnName(earlier + 1)) and column \
                            \(CSVReader.columnName(index + 1)). Keep one of them and drop the file again.
                            """)
                }
                columns[column] = index
            } else if Self.isErrorColumn(name) {
                errors.append(index)
            } else if !SheetText.trimmed(name).isEmpty {
                ignored.append(name)
            }
        }
        guard columns[.userLogin] != nil else {
            let found = AgentColumn.allCases.filter { columns[$0] != nil }.map(\.rawValue)
            throw SheetError(.missingColumn, line: 1,
                """
                    The header row has no 'user login' column, which names each user. The first line of the file must hold the template's column \
                    names (first name, last name, email address, password, user login, routing profile name, \
                    ...)\(found.isEmpty ? "; none of them was found" : "; found only: \(found.joined(separator: ", "))").
                    """)
        }
        var indices = [Int](repeating: -1, count: AgentColumn.allCases.count)
        for (column, index) in columns { indices[column.ordinal] = index }
        let headerCount = table.header.count
        self.table = table
        self.columns = columns
        self.ignoredColumns = ignored
        self.errorColumns = errors
        self.rows = table.records.map { AgentRow(record: $0, columnIndices: indices, headerCount: headerCount, errorColumns: errors) }
    }

    /// A CSV of the given rows as they were read (every input column, in order) with the
    /// reason in a trailing `error` column. An `error` column of the input is replaced, not
    /// repeated, so a failure file dropped back and failing again keeps its shape. Cells beyond
    /// the header's width (a row problem) follow the reason, so nothing is lost.
    package func failureFile(rows: [(record: CSVRecord, reason: String)]) -> [UInt8] {
        Self.failureFile(header: table.header, errorColumns: errorColumns, rows: rows)
    }

    /// The same, for rows read under `header` earlier (a file processed in several parts keeps
    /// its failed rows and header, not the sheet).
    package static func failureFile(header: [String], rows: [(record: CSVRecord, reason: String)]) -> [UInt8] {
        failureFile(header: header, errorColumns: header.indices.filter { isErrorColumn(header[$0]) }, rows: rows)
    }

    /// An `error` column (a failure file dropped back) or a `plan` column (a plan file
    /// dropped into the real folder): what this tool wrote, ignored when read and replaced in
    /// the next file it writes.
    static func isErrorColumn(_ name: String) -> Bool {
        AgentColumn(header: name) == nil && [AgentColumn.errorHeader, AgentColumn.planHeader].contains(AgentColumn.matchKey(name))
    }

    /// A plan file: every row with the input's columns (a `plan` column of the input
    /// replaced) and what the real run would do in a trailing `plan` column. Cells beyond
    /// the header's width follow it, so nothing is lost.
    package static func planFile(header: [String], rows: [(record: CSVRecord, plan: String)]) -> [UInt8] {
        let planColumns = header.indices.filter {
            AgentColumn(header: header[$0]) == nil && AgentColumn.matchKey(header[$0]) == AgentColumn.planHeader
        }
        return withTrailingColumn(AgentColumn.planHeader, header: header, replacing: planColumns, rows: rows.map { ($0.record, $0.plan) })
    }

    private static func failureFile(header: [String], errorColumns: [Int], rows: [(record: CSVRecord, reason: String)]) -> [UInt8] {
        withTrailingColumn(AgentColumn.errorHeader, header: header, replacing: errorColumns, rows: rows.map { ($0.record, $0.reason) })
    }

    /// The rows with the header's columns but `replacing`, then a column `name` holding each
    /// row's `cell`, then any cells beyond the header's width.
    private static func withTrailingColumn(_ name: String, header: [String], replacing: [Int],
                                           rows: [(record: CSVRecord, cell: String)]) -> [UInt8] {
        let width = header.count
        let dropped = Set(replacing)
        let kept = (0 ..< width).filter { !dropped.contains($0) }
        let body = rows.map { row -> [String] in
            let fields = row.record.fields
            var out = kept.map { $0 < fields.count ? fields[$0] : "" }
            out.append(row.cell)
            if fields.count > width { out.append(contentsOf: fields[width...]) }
            return out
        }
        return CSVWriter.write(header: kept.map { header[$0] } + [name], rows: body)
    }
}
