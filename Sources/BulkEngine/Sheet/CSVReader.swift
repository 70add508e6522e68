/// Reads a CSV file (RFC 4180) into a `CSVTable`, working on bytes: every byte that matters
/// to the syntax is ASCII, and UTF-8 never uses ASCII values inside a multi-byte character,
/// so the text is only decoded once per field.
///
/// The dialect:
/// - comma separator; `"` quotes a field, `""` is a quote inside one; a quoted field may hold
///   commas and line breaks (kept as written);
/// - CRLF, LF or a lone CR end a line; an optional UTF-8 byte-order mark is dropped;
/// - blank lines are skipped: empty lines, and lines whose cells are all empty or spaces
///   with no quoted cell (a spreadsheet's empty row saved as `,,,,`);
/// - the first non-blank line is the header; shorter records are padded with empty fields;
///   longer ones lose the empty fields they end with beyond the header's width (spreadsheets
///   write a row as wide as the sheet's used range, so `a,b,c,,` under a three-column
///   header is three cells), and what is left beyond it is kept as it is (a row problem,
///   decided later);
/// - a quote inside an unquoted field (`5" monitor`) is an ordinary character, as Excel
///   reads it; spaces between a closing quote and the next comma are ignored, anything else
///   there (`"abc"def`) rejects the file, since the intended value cannot be known;
/// - bytes that are not valid UTF-8 make the whole file read as Windows-1252.
package enum CSVReader {
    package static func read(_ bytes: [UInt8]) throws(SheetError) -> CSVTable {
        let result: Result<CSVTable, SheetError> = bytes.withUnsafeBufferPointer { all in
            var body = all
            if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF {
                body = UnsafeBufferPointer(rebasing: all[3...])
            } else if all.count >= 2, (all[0] == 0xFF && all[1] == 0xFE) || (all[0] == 0xFE && all[1] == 0xFF) {
                return .failure(SheetError(.unsupportedEncoding,
                    """
                        The file is saved as Unicode text (UTF-16), not as CSV. In Excel, choose File > Save As > \"CSV UTF-8 (Comma delimited)\" \
                        and drop the new file.
                        """))
            }
            if TextEncoding.isValidUTF8(body) {
                return Result { () throws(SheetError) in try parse(body, decodedAsWindows1252: false) }
            }
            let converted = TextEncoding.utf8FromWindows1252(body)
            return converted.withUnsafeBufferPointer { utf8 in
                Result { () throws(SheetError) in try parse(utf8, decodedAsWindows1252: true) }
            }
        }
        return try result.get()
    }

    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    static func parse(_ buf: UnsafeBufferPointer<UInt8>, decodedAsWindows1252: Bool) throws(SheetError) -> CSVTable {
        let n = buf.count
        var i = 0
        var line = 1
        var header: [String]?
        var records: [CSVRecord] = []
        var scratch: [UInt8] = []
        var fields: [String] = []

        while i < n {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            var anyQuoted = false
            while true {
                if i < n, buf[i] == quote {
                    anyQuoted = true
                    let openedOn = line
                    i += 1
                    scratch.removeAll(keepingCapacity: true)
                    var segment = i
                    while true {
                        guard i < n else {
                            throw SheetError(.unterminatedQuote, line: openedOn, column: fields.count + 1,
                                """
                                    Line \(openedOn), column \(columnName(fields.count + 1)): a value starts with a quote (\") that is never closed, \
                                    so the rest of the file would be read as one cell. Close the quote, or write a quote inside a value as two \
                                    quotes (\"\").
                                    """)
                        }
                        let b = buf[i]
                        if b == quote {
                            if i + 1 < n, buf[i + 1] == quote {
                                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment ... i]))
                                i += 2
                                segment = i
                                continue
                            }
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment ..< i]))
                            i += 1
                            break
                        } else if b == lf {
                            line += 1
                            i += 1
                        } else if b == cr {
                            line += 1
                            i += 1
                            if i < n, buf[i] == lf { i += 1 }
                        } else {
                            i += 1
                        }
                    }
                    fields.append(String(decoding: scratch, as: UTF8.self))
                    while i < n, buf[i] == space || buf[i] == tab { i += 1 }
                    if i < n, buf[i] != comma, buf[i] != cr, buf[i] != lf {
                        throw SheetError(.textAfterClosingQuote, line: line, column: fields.count,
                            """
                                Line \(line), column \(columnName(fields.count)): a quoted value is followed by more text before the next comma. \
                                Inside quotes, write a quote as two quotes (\"\"), or put the whole value in quotes.
                                """)
                    }
                } else {
                    let start = i
                    while i < n {
                        let b = buf[i]
                        if b == comma || b == cr || b == lf { break }
                        i += 1
                    }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start ..< i]), as: UTF8.self))
                }
                if i < n, buf[i] == comma {
                    i += 1
                    continue
                }
                if i < n {
                    if buf[i] == cr {
                        i += 1
                        if i < n, buf[i] == lf { i += 1 }
                    } else {
                        i += 1
                    }
                    line += 1
                }
                break
            }
            if !anyQuoted, fields.allSatisfy(isBlank) { continue }
            if let header {
                if fields.count < header.count {
                    fields.append(contentsOf: repeatElement("", count: header.count - fields.count))
                } else {
                    while fields.count > header.count, fields[fields.count - 1].isEmpty { fields.removeLast() }
                }
                records.append(CSVRecord(line: recordLine, fields: fields))
            } else {
                header = fields
            }
        }
        guard let header else {
            throw SheetError(.emptyFile,
                """
                    The file is empty: it has no header row and no data. Save the spreadsheet as CSV with the column names on the first line, one \
                    user per line below.
                    """)
        }
        return CSVTable(header: header, records: records, decodedAsWindows1252: decodedAsWindows1252)
    }

    static func isBlank(_ field: String) -> Bool {
        field.utf8.allSatisfy { $0 == space || $0 == tab }
    }

    /// The spreadsheet's name for a 1-based column: `3 (C)`, `28 (AB)`.
    static func columnName(_ number: Int) -> String {
        var letters: [Character] = []
        var k = number
        while k > 0 {
            let r = (k - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            k = (k - 1) / 26
        }
        return "\(number) (\(String(letters)))"
    }
}
