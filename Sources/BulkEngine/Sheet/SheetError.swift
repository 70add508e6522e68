/// A file that cannot be read as a spreadsheet at all. The whole file is rejected (and kept
/// untouched under `failed/`), so the message speaks to the manager who saved it: what is
/// wrong, where (the physical line, as a text editor numbers it, and the column), and how to
/// fix it. A message never quotes a cell: it goes into the summary, the invocation's answer
/// and the log, and a malformed file is exactly where a password may sit anywhere.
package struct SheetError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable, Equatable {
        /// No bytes, only a byte-order mark, or only blank lines.
        case emptyFile
        /// A UTF-16 or UTF-32 file (Excel's "Unicode text"): not a CSV this reader accepts.
        case unsupportedEncoding
        /// A quoted field that never closes.
        case unterminatedQuote
        /// Text between a closing quote and the next comma or line end: `"abc"def`.
        case textAfterClosingQuote
        /// The header row has no `user login` column.
        case missingColumn
        /// Two header cells name the same template column.
        case duplicateColumn
    }

    package let code: Code
    /// The physical line (1-based) the problem is on, when there is one.
    package let line: Int?
    /// The column (1-based, as a spreadsheet counts) the problem is in, when there is one.
    package let column: Int?
    /// A full sentence, ending with a period.
    package let message: String

    package init(_ code: Code, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String { message }
}
