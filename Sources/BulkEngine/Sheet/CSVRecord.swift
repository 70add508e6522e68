/// One data record of a CSV file.
///
/// Its fields are the raw cells, password included, so its `description` and mirror show the
/// line and the number of fields only (a record does not know which column is the password);
/// `AgentRow` shows the cells with the password redacted.
package struct CSVRecord: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The physical line where the record starts, 1-based (the header is normally line 1); a
    /// quoted line break makes a record span several lines.
    package var line: Int
    /// At least as many fields as the header (shorter records are padded with empty strings);
    /// more when the record had filled ones beyond it, which is a row problem, not a file
    /// problem (empty ones at the end, which spreadsheets write, are dropped).
    package var fields: [String]

    package init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    package var description: String { "CSVRecord(line: \(line), \(fields.count) fields)" }

    package var customMirror: Mirror {
        Mirror(self, children: ["line": line, "fieldCount": fields.count], displayStyle: .struct)
    }
}
