@testable import BulkEngine
import Testing

@Suite struct SheetAgentSheetTests {
    static let templateHeader = AgentColumn.consoleTemplate.map(\.rawValue).joined(separator: ",")

    func sheet(_ text: String) throws(SheetError) -> AgentSheet { try AgentSheet(CSVReader.read(Array(text.utf8))) }

    func sheetError(_ text: String) -> SheetError? {
        do {
            _ = try sheet(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func columnRawValuesAreTheConsoleTemplate() {
        #expect(Self.templateHeader == """
            first name,last name,email address,password,user login,routing profile name,security_profile_name_1|security_profile_name_2,phone type \
            (soft/desk),phone number,soft phone auto accept (yes/no),ACW timeout (seconds),UserHierarchy
            """)
        #expect(AgentColumn.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
    }

    @Test func theConsoleExampleReads() throws {
        let sheet = try sheet("""
        \(Self.templateHeader)
        Roe,Richard,rroe@example.com,F@keP@ssw0rd,rroe,Basic Routing Profile,CallCenterManager,SOFT_PHONE,,yes,30,technical support/IT/Eastern
        Major,Mary,mmajor@example.com,F@keP@ssw0rd,mmajor,Basic Routing Profile,Agent|CallCenterManager,desk,+19725550120,no,0,general inquiries

        """)
        #expect(sheet.rows.count == 2)
        #expect(sheet.rows[0].userLogin == "rroe")
        #expect(sheet.rows[0].cell(.phoneNumber) == nil)
        #expect(sheet.rows[0].cell(.hierarchy) == "technical support/IT/Eastern")
        #expect(sheet.rows[1].cell(.securityProfiles) == "Agent|CallCenterManager")
        #expect(sheet.rows[1].line == 3)
        #expect(sheet.ignoredColumns.isEmpty)
    }

    @Test func headerMatchingForgivesCaseSpacesAndBOM() throws {
        let text = """
            \u{FEFF}  USER LOGIN ,First Name,\u{FEFF}acw timeout (SECONDS),userhierarchy,Security_Profile_Name_1 | Security_Profile_Name_2\n  jdoe  \
            ,\tJane ,,x/y,Agent\n
            """
        let sheet = try sheet(text)
        #expect(sheet.columns == [.userLogin: 0, .firstName: 1, .acwTimeout: 2, .hierarchy: 3, .securityProfiles: 4])
        let row = sheet.rows[0]
        #expect(row.userLogin == "jdoe")
        #expect(row.cell(.firstName) == "Jane")
        #expect(row.cell(.acwTimeout) == nil)  // empty
        #expect(row.cell(.password) == nil)    // absent
        #expect(!row.has(.password))
        #expect(row.has(.acwTimeout))
    }

    @Test func cellsAreTrimmedOfUnicodeSpace() throws {
        let sheet = try sheet("user login,first name\n\u{A0}jdoe\u{A0},\u{3000}Jane\n")
        #expect(sheet.rows[0].userLogin == "jdoe")
        #expect(sheet.rows[0].cell(.firstName) == "Jane")
    }

    @Test func missingUserLoginIsAFileError() {
        let error = sheetError("first name,last name\nJane,Doe\n")
        #expect(error?.code == .missingColumn)
        #expect(error?.message.contains("no 'user login' column") == true)
        #expect(error?.message.contains("found only: first name, last name") == true)
    }

    @Test func missingHeaderDoesNotEchoTheFirstRow() {
        // A file without its header: the first data row must not end up in the message.
        let error = sheetError("Roe,Richard,rroe@example.com,F@keP@ssw0rd,rroe\n")
        #expect(error?.code == .missingColumn)
        #expect(error?.message.contains("F@keP@ssw0rd") == false)
        #expect(error?.message.contains("none of them was found") == true)
    }

    @Test func duplicateKnownHeadersAreAFileError() {
        let error = sheetError("user login,First Name,x,first name \nj,a,b,c\n")
        #expect(error?.code == .duplicateColumn)
        #expect(error?.message == "The header has two 'first name' columns: column 2 (B) and column 4 (D). Keep one of them and drop the file again.")
    }

    @Test func unknownColumnsAndDuplicateUnknownColumnsAreKept() throws {
        let sheet = try sheet("team,user login,team,,notes\nA,jdoe,B,,n\n")
        #expect(sheet.ignoredColumns == ["team", "team", "notes"])
        #expect(sheet.rows[0].record.fields == ["A", "jdoe", "B", "", "n"])
    }

    @Test func errorColumnIsIgnored() throws {
        let sheet = try sheet("user login,Error\njdoe,old reason\n")
        #expect(sheet.ignoredColumns.isEmpty)
        #expect(sheet.errorColumns == [1])
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let sheet = try sheet("\(Self.templateHeader)\nRoe,Richard,rroe@example.com,S3cretPassw0rd,rroe,Basic,Agent,,,,,\n")
        let row = sheet.rows[0]
        #expect(row.description.contains("rroe"))
        #expect(row.description.contains("password: <redacted>"))
        #expect(!row.description.contains("S3cretPassw0rd"))
        #expect(!String(describing: row).contains("S3cretPassw0rd"))
        #expect(!String(reflecting: row).contains("S3cretPassw0rd"))
        var dumped = ""
        dump(row, to: &dumped)
        #expect(!dumped.contains("S3cretPassw0rd"))
        #expect(!"\([row])".contains("S3cretPassw0rd"))
        // The record and the table do not know which column is the password: they show no cell.
        #expect(row.record.description == "CSVRecord(line: 2, 12 fields)")
        #expect(!String(reflecting: sheet.table).contains("S3cretPassw0rd"))
        var dumpedTable = ""
        dump(sheet.table, to: &dumpedTable)
        #expect(!dumpedTable.contains("S3cretPassw0rd"))
    }

    @Test func failureFileRoundTrip() throws {
        // Extra columns, an old error column in the middle, a row with a quoted comma, an
        // empty row-ending cell, and a row longer than the header.
        let input = #"""
        notes,user login,error,first name,team
        "a, b",jdoe,old reason,Jane,
        ,mmajor,,"Mary ""M""",blue
        x,rroe,,Richard,red,extra

        """#
        let first = try sheet(input)
        let failures = first.rows.map { (record: $0.record, reason: "reason for \($0.userLogin)") }
        let file = first.failureFile(rows: failures)
        let again = try AgentSheet(CSVReader.read(file))
        #expect(again.table.header == ["notes", "user login", "first name", "team", "error"])
        #expect(again.table.records.map(\.fields) == [
            ["a, b", "jdoe", "Jane", "", "reason for jdoe"],
            ["", "mmajor", "Mary \"M\"", "blue", "reason for mmajor"],
            ["x", "rroe", "Richard", "red", "reason for rroe", "extra"],
        ])
        #expect(again.rows.map(\.userLogin) == first.rows.map(\.userLogin))
        for (a, b) in zip(first.rows, again.rows) {
            for column in AgentColumn.allCases { #expect(a.cell(column) == b.cell(column)) }
        }
        #expect(again.rows[2].extraCellCount == 1)
        // From the header alone (a file in several parts keeps no sheet): the same bytes.
        #expect(AgentSheet.failureFile(header: first.table.header, rows: failures) == file)

        // Dropped back and failing again: the error column is replaced, not repeated.
        let third = try AgentSheet(CSVReader.read(again.failureFile(rows: again.rows.map { ($0.record, "new") })))
        #expect(third.table.header == ["notes", "user login", "first name", "team", "error"])
        #expect(third.table.records.map { $0.fields[4] } == ["new", "new", "new"])
        #expect(third.table.records[2].fields == ["x", "rroe", "Richard", "red", "new", "extra"])
    }

    @Test func failureFileIsUTF8WithBOMEvenFromWindows1252() throws {
        let bytes: [UInt8] = Array("user login,first name\njdoe,Ren".utf8) + [0xE9, 0x65, 0x0A]
        let sheet = try AgentSheet(CSVReader.read(bytes))
        #expect(sheet.table.decodedAsWindows1252)
        let file = sheet.failureFile(rows: [(sheet.rows[0].record, "r")])
        #expect(Array(file.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let again = try CSVReader.read(file)
        #expect(!again.decodedAsWindows1252)
        #expect(again.records[0].fields == ["jdoe", "Renée", "r"])
    }
}
