/// One data row of the template, with access by column.
///
/// Its `description` and mirror never show the password (rows are logged); they show the
/// line and the other template cells.
package struct AgentRow: Sendable, CustomStringConvertible, CustomReflectable {
    /// The physical line where the row starts in the file.
    package var line: Int { record.line }
    /// The record as read, every input column included (for the failure file).
    package let record: CSVRecord
    /// Header position of each template column, by `AgentColumn.ordinal`; -1 when absent.
    let columnIndices: [Int]
    /// The header's width.
    let headerCount: Int
    /// Positions of the failure file's `error` columns: this tool's own reasons, not cells.
    let errorColumns: [Int]

    init(record: CSVRecord, columnIndices: [Int], headerCount: Int, errorColumns: [Int] = []) {
        self.record = record
        self.columnIndices = columnIndices
        self.headerCount = headerCount
        self.errorColumns = errorColumns
    }

    /// The template column at a header position, if that position is one.
    func column(at index: Int) -> AgentColumn? {
        guard let ordinal = columnIndices.firstIndex(of: index) else { return nil }
        return AgentColumn.allCases[ordinal]
    }

    /// The cell, trimmed; `nil` when the file has no such column or the cell is empty.
    package func cell(_ column: AgentColumn) -> String? {
        let index = columnIndices[column.ordinal]
        guard index >= 0, index < record.fields.count else { return nil }
        let value = SheetText.trimmed(record.fields[index])
        return value.isEmpty ? nil : value
    }

    /// Whether the file has the column at all (an empty cell and a missing column read the
    /// same through `cell`, but a missing column deserves its own message).
    package func has(_ column: AgentColumn) -> Bool { columnIndices[column.ordinal] >= 0 }

    /// The user login, trimmed; empty when the cell is.
    package var userLogin: String { cell(.userLogin) ?? "" }

    /// Filled fields beyond the header's width (the reader drops empty ones at the end): a
    /// value with an unquoted comma shifts the row right.
    package var extraCellCount: Int { max(0, record.fields.count - headerCount) }

    package var description: String {
        let cells = AgentColumn.allCases.compactMap { column -> String? in
            guard let value = cell(column) else { return nil }
            return "\(column.label): \(column == .password ? "<redacted>" : SheetText.quoted(value))"
        }
        return "AgentRow(line: \(line)\(cells.isEmpty ? "" : ", ")\(cells.joined(separator: ", ")))"
    }

    package var customMirror: Mirror {
        Mirror(self, children: ["line": line, "cells": description], displayStyle: .struct)
    }
}
