@testable import BulkEngine
import Testing

@Suite struct SheetCSVReaderTests {
    func read(_ text: String) throws -> CSVTable { try CSVReader.read(Array(text.utf8)) }

    func readError(_ bytes: [UInt8]) -> SheetError? {
        do {
            _ = try CSVReader.read(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func simpleFileWithLFAndLineNumbers() throws {
        let table = try read("a,b,c\n1,2,3\n4,5,6\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.records == [CSVRecord(line: 2, fields: ["1", "2", "3"]), CSVRecord(line: 3, fields: ["4", "5", "6"])])
        #expect(!table.decodedAsWindows1252)
    }

    @Test func crlfAndLoneCRAndNoFinalLineEnd() throws {
        #expect(try read("a,b\r\n1,2\r\n3,4").records.map(\.fields) == [["1", "2"], ["3", "4"]])
        let cr = try read("a,b\r1,2\r3,4\r")
        #expect(cr.records == [CSVRecord(line: 2, fields: ["1", "2"]), CSVRecord(line: 3, fields: ["3", "4"])])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let table = try CSVReader.read([0xEF, 0xBB, 0xBF] + Array("user login,x\r\nrroe,1\r\n".utf8))
        #expect(table.header == ["user login", "x"])
        #expect(table.records.map(\.fields) == [["rroe", "1"]])
    }

    @Test func quotedCommasQuotesAndLineBreaks() throws {
        let table = try read("a,b,c\r\n\"Smith, Jr.\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nnext,\"\",\"x\ny\"\n")
        #expect(table.records[0] == CSVRecord(line: 2, fields: ["Smith, Jr.", "say \"hi\"", "two\r\nlines"]))
        // The second record starts on physical line 4: the first one spans lines 2 and 3.
        #expect(table.records[1] == CSVRecord(line: 4, fields: ["next", "", "x\ny"]))
    }

    @Test func blankLinesAndEmptyRowsAreSkippedButLinesStillCount() throws {
        let table = try read("\n\na,b\n\n1,2\n,\n  ,\t\n\r\n3,4\n\n")
        #expect(table.header == ["a", "b"])
        #expect(table.records == [CSVRecord(line: 5, fields: ["1", "2"]), CSVRecord(line: 9, fields: ["3", "4"])])
    }

    @Test func aQuotedEmptyRowIsNotBlank() throws {
        let table = try read("a,b\n\"\",\n")
        #expect(table.records == [CSVRecord(line: 2, fields: ["", ""])])
    }

    @Test func shortRecordsArePaddedLongOnesKept() throws {
        let table = try read("a,b,c\n1\n1,2,3,4\n")
        #expect(table.records.map(\.fields) == [["1", "", ""], ["1", "2", "3", "4"]])
    }

    @Test func trailingCommaMakesAnEmptyLastField() throws {
        #expect(try read("a,b,c\n1,2,\n").records[0].fields == ["1", "2", ""])
    }

    @Test func strayQuoteInsideAnUnquotedFieldIsKept() throws {
        let table = try read("a,b\n5\" monitor,O'Brien\"\n")
        #expect(table.records[0].fields == ["5\" monitor", "O'Brien\""])
    }

    @Test func spacesAfterAClosingQuoteAreIgnored() throws {
        #expect(try read("a,b\n\"x\"  ,\"y\" \n").records[0].fields == ["x", "y"])
    }

    @Test func textAfterAClosingQuoteRejectsTheFileNamingLineAndColumn() {
        let error = readError(Array("a,b\n1,2\nok,\"abc\"def\n".utf8))
        #expect(error?.code == .textAfterClosingQuote)
        #expect(error?.line == 3)
        #expect(error?.message.contains("Line 3, column 2 (B)") == true)
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpens() {
        let error = readError(Array("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n".utf8))
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.message.hasPrefix("Line 3, column 2 (B): a value starts with a quote") == true)
    }

    @Test func emptyFilesAreRejected() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array("\r\n\n\r\n".utf8), Array(",,\n , \n".utf8)] {
            let error = readError(bytes)
            #expect(error?.code == .emptyFile)
            #expect(error?.message.hasPrefix("The file is empty") == true)
        }
    }

    @Test func headerOnlyIsATableWithoutRecords() throws {
        let table = try read("user login\n")
        #expect(table.header == ["user login"])
        #expect(table.records.isEmpty)
    }

    @Test func utf16IsRejectedWithAHint() {
        let error = readError([0xFF, 0xFE, 0x61, 0x00])
        #expect(error?.code == .unsupportedEncoding)
        #expect(error?.message.contains("CSV UTF-8") == true)
    }

    @Test func validUTF8IsKept() throws {
        let table = try read("name\nRenée Müller 日本 😀\n")
        #expect(table.records[0].fields == ["Renée Müller 日本 😀"])
        #expect(!table.decodedAsWindows1252)
    }

    @Test func windows1252IsDecodedWithItsOwnHighTable() throws {
        // "Renée" with 0xE9, "O’Brien" with 0x92 (a right single quote, not Latin-1's C1
        // control), the euro sign 0x80, en dash 0x96, and 0x81 (undefined: kept as U+0081).
        let bytes: [UInt8] = Array("name,x\n".utf8) + [0x52, 0x65, 0x6E, 0xE9, 0x65, 0x2C, 0x4F, 0x92, 0x42]
            + [0x0A, 0x80, 0x2C, 0x96, 0x81, 0x9F, 0x0A]
        let table = try CSVReader.read(bytes)
        #expect(table.decodedAsWindows1252)
        #expect(table.records[0].fields == ["Renée", "O\u{2019}B"])
        #expect(table.records[1].fields == ["\u{20AC}", "\u{2013}\u{81}\u{178}"])
    }

    @Test func everyWindows1252ByteDecodes() throws {
        // All 256 byte values but the syntax ones, one per field: none is lost.
        let values = (0 ... 255).map(UInt8.init).filter { ![0x0A, 0x0D, 0x22, 0x2C].contains($0) }
        var bytes = Array("h\n".utf8)
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            bytes.append(v)
        }
        let table = try CSVReader.read(bytes + [0x0A])
        #expect(table.decodedAsWindows1252)
        let fields = table.records[0].fields
        #expect(fields.count == values.count)
        for (v, field) in zip(values, fields) {
            let expected: UInt32 = (0x80 ..< 0xA0).contains(v) ? UInt32(TextEncoding.windows1252High[Int(v) - 0x80]) : UInt32(v)
            #expect(field.unicodeScalars.map(\.value) == [expected])
        }
    }

    @Test func invalidUTF8SequencesAreDetected() {
        let cases: [[UInt8]] = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE9], [0xC3]]
        for bytes in cases {
            #expect(!bytes.withUnsafeBufferPointer(TextEncoding.isValidUTF8))
        }
        let good: [UInt8] = Array("aé€😀".utf8)
        #expect(good.withUnsafeBufferPointer(TextEncoding.isValidUTF8))
    }

    @Test func columnNamesLikeASpreadsheet() {
        #expect(CSVReader.columnName(1) == "1 (A)")
        #expect(CSVReader.columnName(26) == "26 (Z)")
        #expect(CSVReader.columnName(27) == "27 (AA)")
        #expect(CSVReader.columnName(703) == "703 (AAA)")
    }

    @Test func aHundredThousandRowsReadQuickly() throws {
        var text = "first name,last name,email address,password,user login,routing profile name\r\n"
        for i in 0 ..< 100_000 {
            text += "Renée,\"Smith, Jr.\",u\(i)@example.com,Passw0rd!,user\(i),Basic Routing Profile\r\n"
        }
        let bytes = Array(text.utf8)
        let clock = ContinuousClock()
        var table: CSVTable?
        let elapsed = try clock.measure { table = try CSVReader.read(bytes) }
        #expect(table?.records.count == 100_000)
        #expect(table?.records.last?.fields[1] == "Smith, Jr.")
        #expect(elapsed < .seconds(10))
    }
}
