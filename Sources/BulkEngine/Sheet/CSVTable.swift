/// A CSV file as read: the header row and the data records, every field as text.
package struct CSVTable: Sendable, Equatable {
    /// The first non-blank record, as written (a leading byte-order mark removed).
    package var header: [String]
    /// The data records, blank lines skipped.
    package var records: [CSVRecord]
    /// The bytes were not valid UTF-8 and were read as Windows-1252 (how Excel saves "CSV"
    /// on Windows in Western locales); the run report says so.
    package var decodedAsWindows1252: Bool

    package init(header: [String], records: [CSVRecord], decodedAsWindows1252: Bool = false) {
        self.header = header
        self.records = records
        self.decodedAsWindows1252 = decodedAsWindows1252
    }
}
