@testable import BulkEngine
import TestSupport
import Testing

@Suite struct SheetCSVWriterTests {
    @Test func writesBOMCRLFAndQuotesOnlyWhereNeeded() {
        let bytes = CSVWriter.write(header: ["a", "b"], rows: [
            ["plain", "with, comma"], ["say \"hi\"", "two\nlines"], [" lead", "trail "], ["", "x"], ["Renée", "\tx"],
        ])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n\" lead\",\"trail \"\r\n,x\r\nRenée,\"\tx\"\r\n")
    }

    @Test func anAllEmptyRowIsWrittenSoThatItIsReadBack() throws {
        let bytes = CSVWriter.write(header: ["a", "b"], rows: [["", ""]])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "a,b\r\n\"\",\r\n")
        #expect(try CSVReader.read(bytes).records == [CSVRecord(line: 2, fields: ["", ""])])
    }

    @Test func roundTripsGeneratedTables() throws {
        var random = SeededRandom(seed: 0x5EED_C5F)
        let pieces = ["a", "Z", "0", " ", "\t", ",", "\"", "\"\"", "\r", "\n", "\r\n", "é", "e\u{301}", "€", "日本", "😀",
                      "|", "/", "'", "=1+2", "\u{FEFF}", "\u{A0}", "x y"]
        for _ in 0 ..< 500 {
            let width = Int.random(in: 1 ... 8, using: &random)
            func field(_ random: inout SeededRandom) -> String {
                var s = ""
                for _ in 0 ..< Int.random(in: 0 ... 6, using: &random) { s += random.pick(pieces) }
                return s
            }
            var header = (0 ..< width).map { _ in field(&random) }
            if header.allSatisfy({ $0.isEmpty }) { header[0] = "h" }
            let rows = (0 ..< Int.random(in: 0 ... 20, using: &random)).map { _ in (0 ..< width).map { _ in field(&random) } }
            let table = try CSVReader.read(CSVWriter.write(header: header, rows: rows))
            #expect(!table.decodedAsWindows1252)
            // Compare scalars: String == would call NFD and NFC equal.
            #expect(table.header.map { Array($0.unicodeScalars) } == header.map { Array($0.unicodeScalars) })
            #expect(table.records.map { $0.fields.map { Array($0.unicodeScalars) } } == rows.map { $0.map { Array($0.unicodeScalars) } })
        }
    }
}
