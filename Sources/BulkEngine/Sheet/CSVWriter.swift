/// Writes a CSV file that Excel opens with its accents intact and `CSVReader` reads back
/// exactly: UTF-8 with a byte-order mark (without it, Excel on Windows assumes the local code
/// page), CRLF line ends, and quotes only where a field needs them (a comma, a quote, a line
/// break, or a leading or trailing space or tab, which spreadsheets would otherwise trim).
/// A row whose fields are all empty gets a quoted first field, so it is not read back as a
/// blank line and skipped.
package enum CSVWriter {
    package static func write(header: [String], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(64 * (rows.count + 1))
        append(header, to: &out)
        for row in rows { append(row, to: &out) }
        return out
    }

    static func append(_ row: [String], to out: inout [UInt8]) {
        let forceFirst = row.allSatisfy { $0.isEmpty }
        for (index, field) in row.enumerated() {
            if index > 0 { out.append(CSVReader.comma) }
            if (forceFirst && index == 0) || needsQuotes(field) {
                out.append(CSVReader.quote)
                for byte in field.utf8 {
                    if byte == CSVReader.quote { out.append(CSVReader.quote) }
                    out.append(byte)
                }
                out.append(CSVReader.quote)
            } else {
                out.append(contentsOf: field.utf8)
            }
        }
        out.append(CSVReader.cr)
        out.append(CSVReader.lf)
    }

    static func needsQuotes(_ field: String) -> Bool {
        let utf8 = field.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == CSVReader.space || first == CSVReader.tab || last == CSVReader.space || last == CSVReader.tab { return true }
        return utf8.contains { $0 == CSVReader.comma || $0 == CSVReader.quote || $0 == CSVReader.cr || $0 == CSVReader.lf }
    }
}
