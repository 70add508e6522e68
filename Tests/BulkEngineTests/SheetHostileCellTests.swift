@testable import BulkEngine
import ConnectClient
import TestSupport
import Testing

/// Files a manager did not mean, or someone meant harm with: shifted rows, huge cells,
/// formulas, control characters, trailing separators (issue 12).
@Suite struct SheetHostileCellTests {
    static let header = SheetAgentSheetTests.templateHeader
    /// No three characters of it in a row appear in any fixed phrase of a reason.
    static let password = "Zq7#Xv9$Kw2!Jy"

    static func sheet(_ text: String) throws -> AgentSheet { try AgentSheet(CSVReader.read(Array(text.utf8))) }

    static func createProblems(_ text: String, type: String = "CONNECT_MANAGED") throws -> [RowProblem?] {
        CreateRows.check(try sheet(text), reference: SheetCreatePlannerTests.reference(type)).map { planned in
            if case .failure(let problem) = planned.outcome { problem } else { nil }
        }
    }

    static func updateProblems(_ text: String, type: String = "CONNECT_MANAGED") throws -> [RowProblem?] {
        UpdateRows.check(try sheet(text), reference: SheetCreatePlannerTests.reference(type)).map { planned in
            if case .failure(let problem) = planned.outcome { problem } else { nil }
        }
    }

    /// One create row: the valid row of the create tests with `changes`.
    static func createProblem(_ changes: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> RowProblem? {
        try SheetCreatePlannerTests.problem(changes, type: type)
    }

    static func updateProblem(_ changes: [AgentColumn: String]) throws -> RowProblem? {
        try SheetUpdatePlannerTests.problem(changes)
    }

    /// Every run of three characters of `secret`.
    static func pieces(of secret: String) -> [String] {
        let characters = Array(secret)
        return (0 ... characters.count - 3).map { String(characters[$0 ..< $0 + 3]) }
    }

    static func hasControl(_ text: String) -> Bool { text.unicodeScalars.contains(where: SheetText.isControl) }

    /// Every phrase a log description may be made of: a place and a kind, nothing else.
    static let loggablePhrases: Set<String> = {
        var places = AgentColumn.allCases.map(\.label) + ["row"]
        places += (1 ... 40).map { "column \(CSVReader.columnName($0))" }
        return Set(places.flatMap { place in RowProblem.Kind.allCases.map { "\(place): \($0.words)" } })
    }()

    // MARK: - Point 1: no value in the log form

    @Test func aShiftedRowPutsThePasswordInTheMessageButNeverInTheLogForm() throws {
        // A missing comma between last name and email address: every value moves one column
        // to the left, and the password lands in the email column.
        let text = "\(Self.header)\nJane,Doe jdoe@example.com,\(Self.password),jdoe,Basic Routing Profile,Agent,soft,,yes,30,\n"
        for problem in try Self.createProblems(text) + Self.updateProblems(text) {
            let problem = try #require(problem)
            // The failure file's reason is whole: it quotes the email cell, that is the password.
            #expect(problem.message.contains("email address '\(Self.password)' is not a valid email address"))
            #expect(problem.description == problem.message)
            #expect(problem.logDescription.contains("email address: not a valid email address"))
            for piece in Self.pieces(of: Self.password) { #expect(!problem.logDescription.contains(piece)) }
            #expect(!problem.logDescription.contains("Basic Routing Profile") && !problem.logDescription.contains("jdoe"))
        }
    }

    @Test func theLogFormIsOnlyFixedPhrasesWhateverTheCells() throws {
        var random = SeededRandom(seed: 12)
        let alphabet = Array("abcXYZ019!@#$%^&*()_+-=[]{}|;:'\",.<>/?`~é \t\u{0}\u{7}\n")
        func text() -> String {
            var value = ""
            for _ in 0 ..< Int.random(in: 0 ... 30, using: &random) { value.append(random.pick(alphabet)) }
            return value
        }
        for type in ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"] {
            var rows: [[String]] = []
            for i in 0 ..< 150 {
                // Cells of every column, and sometimes one or two more than the header.
                var row = AgentColumn.allCases.map { _ in random.chance(0.3) ? "" : text() }
                if i % 4 == 0 { row[4] = "dup" }
                if random.chance(0.3) { row.append(text()) }
                rows.append(row)
            }
            let file = CSVWriter.write(header: AgentColumn.allCases.map(\.rawValue) + ["notes"], rows: rows.map { $0 + ["x"] })
            let sheet = try AgentSheet(CSVReader.read(file))
            let created = CreateRows.check(sheet, reference: SheetCreatePlannerTests.reference(type)).map(\.outcome)
            let updated = UpdateRows.check(sheet, reference: SheetCreatePlannerTests.reference(type)).map(\.outcome)
            var failures: [RowProblem] = []
            for outcome in created { if case .failure(let problem) = outcome { failures.append(problem) } }
            for outcome in updated { if case .failure(let problem) = outcome { failures.append(problem) } }
            #expect(failures.count > 200)
            for problem in failures {
                let phrases = problem.logDescription.components(separatedBy: "; ")
                for phrase in phrases { #expect(Self.loggablePhrases.contains(phrase), "\(phrase)") }
                #expect(!Self.hasControl(problem.message))
            }
        }
    }

    @Test func everyKindHasItsOwnWordsAndEveryFactIsKeptWhenCombined() throws {
        #expect(Set(RowProblem.Kind.allCases.map(\.words)).count == RowProblem.Kind.allCases.count)
        let problem = try #require(try Self.createProblem([.email: "nope", .routingProfile: "Sales", .acwTimeout: "-1"]))
        #expect(problem.facts.map(\.kind) == [.notAnEmailAddress, .notFound, .notValid])
        #expect(problem.logDescription == "email address: not a valid email address; routing profile: not found; ACW timeout: not valid")
        let twice = try #require(try Self.createProblem([.securityProfiles: "Agnet|Admni"]))
        #expect(twice.logDescription == "security profile: not found")
    }

    @Test func fileErrorsNameLineAndColumnButNeverACell() {
        let secret = Self.password
        let files: [(String, SheetError.Code, Int?, Int?)] = [
            ("user login,password\njdoe,\"\(secret)\n", .unterminatedQuote, 2, 2),
            ("user login,password\njdoe,\"\(secret)\"\(secret)\n", .textAfterClosingQuote, 2, 2),
            // No header: the first row is data, password and all.
            ("Jane,Doe,jdoe@example.com,\(secret),jdoe\n", .missingColumn, 1, nil),
            ("user login,\(secret),USER LOGIN\njdoe,x,y\n", .duplicateColumn, 1, 3),
        ]
        for (text, code, line, column) in files {
            do {
                _ = try AgentSheet(CSVReader.read(Array(text.utf8)))
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.code == code)
                #expect(error.line == line)
                #expect(error.column == column)
                for piece in Self.pieces(of: secret) { #expect(!error.message.contains(piece), "\(error.message)") }
                #expect(!error.description.contains(secret))
            }
        }
    }

    // MARK: - Point 2: bounded reasons, limits named

    @Test func aFiveMegabyteCellGivesAShortReasonNamingTheLimit() throws {
        let huge = String(repeating: "a", count: 5 * 1024 * 1024)
        let problem = try #require(try Self.createProblem([.firstName: huge]))
        #expect(problem.column == .firstName)
        #expect(problem.message.utf8.count < 1024)
        #expect(problem.message == "first name '\(String(repeating: "a", count: 40))…' is too long: 5,242,880 characters, at most 255")
        #expect(problem.logDescription == "first name: too long")
        let update = try #require(try Self.updateProblem([.firstName: huge]))
        #expect(update.message == problem.message)
    }

    @Test(arguments: [
        (AgentColumn.firstName, "at most 255"), (.lastName, "at most 300"), (.email, "at most 254"), (.userLogin, "at most 100"),
        (.password, "8 to 64 characters"), (.routingProfile, "not found"), (.securityProfiles, "not found"),
        (.phoneType, "use soft or desk"), (.phoneNumber, "E.164"), (.autoAccept, "use yes or no"),
        (.acwTimeout, "from 0 to 2000000"), (.hierarchy, "not found"),
    ])
    func everyColumnKeepsItsReasonShortForAHugeCell(column: AgentColumn, words: String) throws {
        var huge = String(repeating: "Ab1é", count: 256 * 1024)
        if column == .email { huge += "@example.com" }
        for problem in [try Self.createProblem([column: huge]), column == .password ? nil : try Self.updateProblem([column: huge])] {
            guard let problem else { continue }
            #expect(problem.message.utf8.count < 1024)
            #expect(problem.message.contains(words))
            #expect(problem.column == column)
        }
    }

    @Test func emailLengthIsLimitedTo254() throws {
        let local = String(repeating: "a", count: 254 - "@example.com".count)
        #expect(try SheetCreatePlannerTests.user([.email: local + "@example.com"])?.identityInfo?.email == local + "@example.com")
        let problem = try Self.createProblem([.email: "a" + local + "@example.com"])
        #expect(problem == RowProblem(column: .email, message: "email address 'a\(local)@example.com' is too long: 255 characters, at most 254"))
        #expect(problem?.facts.map(\.kind) == [.tooLong])
    }

    @Test func quotedValuesAreWholeUpTo320CharactersThenAPrefixWithTheLength() {
        let limit = String(repeating: "x", count: 320)
        #expect(SheetText.quoted(limit) == "'\(limit)'")
        #expect(SheetText.quoted(limit + "y") == "'\(String(repeating: "x", count: 40))…' (321 characters)")
        #expect(SheetText.quotedWithoutLength(limit + "y") == "'\(String(repeating: "x", count: 40))…'")
        // Cut at a scalar: 40 emoji, the length in UTF-16 code units as Connect counts.
        let emoji = String(repeating: "😀", count: 200)
        #expect(SheetText.quoted(emoji) == "'\(String(repeating: "😀", count: 40))…' (400 characters)")
        // One character of five million scalars (a letter and its combining marks) is cut too.
        let stacked = "a" + String(repeating: "\u{301}", count: 1_000_000)
        #expect(SheetText.quoted(stacked).utf8.count < 200)
        #expect(SheetText.grouped(5_242_880) == "5,242,880")
        #expect(SheetText.grouped(999) == "999")
        #expect(SheetText.grouped(1000) == "1,000")
        // Control characters as pictures.
        #expect(SheetText.quoted("a\u{0}b\tc\nd\u{7F}e\u{85}") == "'a\u{2400}b\u{2409}c\u{240A}d\u{2421}e\u{FFFD}'")
    }

    @Test func aHugeUnknownNameGetsNoSuggestionAndIsQuick() throws {
        let huge = "Agent " + String(repeating: "z", count: 2_000_000)
        let clock = ContinuousClock()
        let start = clock.now
        let problem = try #require(try Self.createProblem([.securityProfiles: huge, .routingProfile: huge, .hierarchy: huge]))
        #expect(clock.now - start < .seconds(20))
        #expect(!problem.message.contains("did you mean"))
        #expect(problem.message.utf8.count < 1024)
    }

    // MARK: - Point 3: cells a spreadsheet would run, control characters

    @Test(arguments: [
        (AgentColumn.firstName, "=HYPERLINK(\"http://evil.example\",\"click\")", "="),
        (.firstName, "@SUM(A1:A9)", "@"), (.lastName, "+cmd|' /C calc'!A0", "+"), (.lastName, "-2+3", "-"),
        (.email, "=jdoe@example.com", "="), (.email, "-jdoe@example.com", "-"), (.email, "+jdoe@example.com", "+"),
        (.userLogin, "=1+1", "="), (.userLogin, "@jdoe", "@"),
    ])
    func aFreeTextCellThatBeginsWithAFormulaCharacterFails(column: AgentColumn, value: String, lead: String) throws {
        for problem in [try Self.createProblem([column: value]), try Self.updateProblem([column: value])] {
            let problem = try #require(problem)
            #expect(problem.column == column)
            #expect(problem.message == """
                \(column.label) '\(value)' begins with '\(lead)', which a spreadsheet would take for a formula: remove the '\(lead)'
                """)
            #expect(problem.logDescription == "\(column.label): begins with a formula character")
        }
    }

    @Test func formulaCharactersElsewhereAreNotFormulas() throws {
        // After trimming, the value sent begins with '='.
        #expect(try Self.createProblem([.firstName: "  =1+1"])?.facts.map(\.kind) == [.formula])
        // Inside a value, in a password, a phone number, and names looked up in the instance.
        #expect(try SheetCreatePlannerTests.user([.firstName: "Jean-Luc", .lastName: "O'Brien+1", .email: "a-b+c@example.com",
                                                  .password: "=Passw0rd-", .phoneType: "desk", .phoneNumber: "+12145550198"]) != nil)
        #expect(try Self.createProblem([.routingProfile: "=Sales"])?.facts.map(\.kind) == [.notFound])
        #expect(try Self.createProblem([.acwTimeout: "-1"])?.facts.map(\.kind) == [.notValid])
        // An address that fails its own rule gets that reason alone.
        #expect(try Self.createProblem([.email: "@example.com"])?.facts.map(\.kind) == [.notAnEmailAddress])
    }

    @Test(arguments: [
        (AgentColumn.firstName, "Ja\u{0}ne", "a NUL character (U+0000) at character 3"),
        (.lastName, "Doe\nSmith", "a line break (U+000A) at character 4"),
        (.lastName, "Doe\r\nSmith", "a line break (U+000D) at character 4"),
        (.email, "jdoe@exam\tple.com", "a tab (U+0009) at character 10"),
        (.email, "\tjdoe@example.com", "a tab (U+0009) at character 1"),
        (.userLogin, "jdoe\u{7}", "a control character (U+0007) at character 5"),
        (.routingProfile, "Basic\u{1B}[31m Routing Profile", "a control character (U+001B) at character 6"),
        (.securityProfiles, "Agent\u{7F}", "a control character (U+007F) at character 6"),
        (.phoneNumber, "+1214555\u{0}0198", "a NUL character (U+0000) at character 9"),
        (.phoneType, "soft\u{85}", "a control character (U+0085) at character 5"),
        (.autoAccept, "yes\u{0}", "a NUL character (U+0000) at character 4"),
        (.acwTimeout, "\r30", "a line break (U+000D) at character 1"),
        (.hierarchy, "general inquiries\u{1F}", "a control character (U+001F) at character 18"),
    ])
    func aControlCharacterInAnyCellFailsTheRowWithoutShowingIt(column: AgentColumn, value: String, what: String) throws {
        for problem in [try Self.createProblem([column: value]), try Self.updateProblem([column: value])] {
            let problem = try #require(problem)
            #expect(problem.message.hasPrefix("\(column.label) contains \(what): remove it (no cell may hold a control character)"))
            #expect(problem.facts.first == RowProblem.Fact(column: column, kind: .controlCharacter))
            #expect(!Self.hasControl(problem.message))
            #expect(!Self.hasControl(problem.logDescription))
        }
    }

    @Test func aControlCharacterInThePasswordIsNamedWithoutWhereOrWhich() throws {
        let problem = try #require(try Self.createProblem([.password: "Passw0rd\u{7}x"]))
        #expect(problem.message.hasPrefix("password contains a control character: remove it"))
        #expect(!problem.message.contains("U+0007") && !problem.message.contains("character 9"))
        // Update ignores the password, but not a control character in its cell.
        #expect(try Self.updateProblem([.password: "x\u{0}"])?.facts.map(\.kind) == [.controlCharacter])
    }

    @Test func controlCharactersInUnknownColumnsAndBeyondTheHeaderFailButNotInTheErrorColumn() throws {
        let text = """
        user login,notes,error
        jdoe,"two
        lines",
        mmajor,ok,"an old reason
        on two lines"
        rroe,ok,,x\u{0}

        """
        let problems = try Self.updateProblems(text)
        #expect(problems[0]?.message == """
            the cell in column 2 (B) contains a line break (U+000A) at character 4: remove it (no cell may hold a control character)
            """)
        #expect(problems[0]?.logDescription == "column 2 (B): contains a control character")
        #expect(problems[1] == nil)
        #expect(problems[2]?.logDescription == "row: more cells than the header; column 4 (D): contains a control character")
        #expect(problems[2].map { Self.hasControl($0.message) } == false)
    }

    // MARK: - Point 4: trailing empty cells

    @Test func trailingEmptyCellsAreDroppedWhenRead() throws {
        let table = try CSVReader.read(Array("a,b,c\n1,2,3,,\n1,2,,,\n1,2,3,\"\",\n1,,3,x,,\n1,2,3,,x\n".utf8))
        #expect(table.records.map(\.fields) == [["1", "2", "3"], ["1", "2", ""], ["1", "2", "3"], ["1", "", "3", "x"], ["1", "2", "3", "", "x"]])
        // The header keeps its own empty cells: they are columns.
        #expect(try CSVReader.read(Array("a,b,,\n1,2,,\n".utf8)).records[0].fields == ["1", "2", "", ""])
    }

    @Test func aRowWithTrailingEmptyCellsIsAccepted() throws {
        let text = "\(Self.header)\nRoe,Richard,rroe@example.com,F@keP@ssw0rd,rroe,Basic Routing Profile,Agent,soft,,yes,30,,,,\n"
        #expect(try Self.createProblems(text) == [nil])
        #expect(try Self.updateProblems(text) == [nil])
    }

    @Test func filledCellsBeyondTheHeaderFailSayingHowMany() throws {
        let text = "\(Self.header)\nRoe,Richard,rroe@example.com,F@keP@ssw0rd,rroe,Basic Routing Profile,Agent,soft,,yes,30,,,x,,\n"
        for problem in try Self.createProblems(text) + Self.updateProblems(text) {
            #expect(problem == RowProblem(column: nil, message: """
                the row has 14 cells but the header has 12 columns: a value that contains a comma must be in double quotes
                """))
            #expect(problem?.logDescription == "row: more cells than the header")
        }
    }
}
