@testable import BulkEngine
import ConnectClient
import TestSupport
import Testing

@Suite struct SheetUpdatePlannerTests {
    /// The same instance as the create tests: profiles 'Agent', 'Admin', 'Team Lead' and
    /// 'TEAM LEAD', 'Café'...; routing profiles 'Basic Routing Profile' and 'Sales Routing
    /// Profile'; groups under 'technical support' and 'general inquiries'.
    static func reference(_ type: String) -> InstanceReference { SheetCreatePlannerTests.reference(type) }

    /// Rows through the whole path: written as CSV, read, matched, planned.
    static func plan(_ rows: [[AgentColumn: String]], type: String = "CONNECT_MANAGED",
                     columns: [AgentColumn] = AgentColumn.allCases) throws -> [CheckedUpdateRow] {
        let bytes = CSVWriter.write(header: columns.map(\.rawValue), rows: rows.map { row in columns.map { row[$0] ?? "" } })
        return UpdateRows.check(try AgentSheet(CSVReader.read(bytes)), reference: reference(type))
    }

    /// The outcome of one row: `jdoe` plus the given cells.
    static func outcome(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> Result<UserChanges, RowProblem> {
        try plan([[.userLogin: "jdoe"].merging(cells) { $1 }], type: type)[0].outcome
    }

    static func changes(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> UserChanges? {
        try? outcome(cells, type: type).get()
    }

    static func problem(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> RowProblem? {
        guard case .failure(let problem) = try outcome(cells, type: type) else { return nil }
        return problem
    }

    // MARK: - Empty means unchanged

    @Test func aRowWithOnlyALoginAsksForNoChange() throws {
        // The file has only the key column.
        let planned = try Self.plan([[.userLogin: "jdoe"]], columns: [.userLogin])
        #expect(try planned[0].outcome.get() == UserChanges(username: "jdoe"))
    }

    @Test(arguments: ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"])
    func everyEmptyCellLeavesItsSettingAsItIs(type: String) throws {
        // Every template column present, every cell but the login empty or blank.
        var cells = Dictionary(uniqueKeysWithValues: AgentColumn.allCases.map { ($0, "  ") })
        cells[.userLogin] = " jdoe "
        let changes = try Self.plan([cells], type: type)[0].outcome.get()
        #expect(changes == UserChanges(username: "jdoe"))
        #expect(changes.firstName == nil && changes.lastName == nil && changes.email == nil)
        #expect(changes.routingProfileID == nil && changes.securityProfileIDs == nil && changes.hierarchy == nil)
        #expect(changes.phoneType == nil && changes.deskPhoneNumber == nil && changes.autoAccept == nil)
        #expect(changes.afterContactWorkTimeLimit == nil)
        #expect(!changes.passwordIgnored)
    }

    @Test func everyFilledCellIsRead() throws {
        let changes = try Self.changes([
            .firstName: "Jane", .lastName: "Doe", .email: "jdoe@example.com", .routingProfile: "Sales Routing Profile",
            .securityProfiles: "Agent|CallCenterManager", .phoneType: "DESK_PHONE", .phoneNumber: "+1 (214) 555-0198",
            .autoAccept: "no", .acwTimeout: "45", .hierarchy: "technical support/IT/Australia",
        ])
        #expect(changes == UserChanges(
            username: "jdoe", firstName: "Jane", lastName: "Doe", email: "jdoe@example.com", phoneType: .deskPhone,
            deskPhoneNumber: "+12145550198", autoAccept: false, afterContactWorkTimeLimit: 45,
            routingProfileID: "rp-sales_routing_profile", securityProfileIDs: ["sp-agent", "sp-callcentermanager"],
            hierarchy: .group(id: "group-technical_support-it-australia"), passwordIgnored: false))
    }

    @Test func eachCellAloneChangesOnlyItsSetting() throws {
        #expect(try Self.changes([.firstName: "Jane"]) == UserChanges(username: "jdoe", firstName: "Jane"))
        #expect(try Self.changes([.lastName: "Doe"]) == UserChanges(username: "jdoe", lastName: "Doe"))
        #expect(try Self.changes([.email: "j@example.com"]) == UserChanges(username: "jdoe", email: "j@example.com"))
        #expect(try Self.changes([.routingProfile: "Basic Routing Profile"]) == UserChanges(username: "jdoe",
            routingProfileID: "rp-basic_routing_profile"))
        #expect(try Self.changes([.securityProfiles: "Admin"]) == UserChanges(username: "jdoe", securityProfileIDs: ["sp-admin"]))
        #expect(try Self.changes([.phoneType: "soft"]) == UserChanges(username: "jdoe", phoneType: .softPhone))
        #expect(try Self.changes([.phoneNumber: "+442079460958"]) == UserChanges(username: "jdoe", deskPhoneNumber: "+442079460958"))
        #expect(try Self.changes([.autoAccept: "yes"]) == UserChanges(username: "jdoe", autoAccept: true))
        #expect(try Self.changes([.acwTimeout: "0"]) == UserChanges(username: "jdoe", afterContactWorkTimeLimit: 0))
        #expect(try Self.changes([.hierarchy: "general inquiries"]) == UserChanges(username: "jdoe",
            hierarchy: .group(id: "group-general_inquiries")))
        #expect(try Self.changes([.hierarchy: "(none)"]) == UserChanges(username: "jdoe", hierarchy: UserChanges.Hierarchy.none))
        #expect(try Self.changes([.password: "x"]) == UserChanges(username: "jdoe", passwordIgnored: true))
    }

    @Test func rowsArePlannedInOrderOnePerRow() throws {
        let planned = try Self.plan([[.userLogin: "a"], [.userLogin: "b", .acwTimeout: "x"], [.userLogin: "c", .firstName: "C"]])
        #expect(planned.map(\.row.line) == [2, 3, 4])
        #expect(planned.map(\.row.userLogin) == ["a", "b", "c"])
        #expect((try? planned[1].outcome.get()) == nil)
        #expect(try planned[2].outcome.get().firstName == "C")
    }

    // MARK: - User login

    @Test func userLoginIsRequiredAndAtMost100Characters() throws {
        let planned = try Self.plan([[.firstName: "Jane"]])
        guard case .failure(let problem) = planned[0].outcome else { Issue.record("passed"); return }
        #expect(problem == RowProblem(column: .userLogin, message: "user login is empty: it names the user to change"))
        #expect(try Self.changes([.userLogin: String(repeating: "u", count: 100)]) != nil)
        let long = String(repeating: "u", count: 101)
        #expect(try Self.problem([.userLogin: long]) == RowProblem(column: .userLogin, message: """
            user login '\(long)' is too long: 101 characters, at most 100
            """))
    }

    @Test func everyOccurrenceOfADuplicateLoginFailsNamingTheOthers() throws {
        let planned = try Self.plan([
            [.userLogin: "jdoe", .firstName: "A"], [.userLogin: "other"], [.userLogin: " jdoe "],
            [.userLogin: "jdoe", .lastName: "B"], [.userLogin: "JDOE"],
        ])
        #expect((try? planned[1].outcome.get()) != nil)
        #expect((try? planned[4].outcome.get()) != nil)  // compared exactly, as typed
        guard case .failure(let first) = planned[0].outcome, case .failure(let third) = planned[2].outcome,
              case .failure(let fourth) = planned[3].outcome else {
            Issue.record("duplicates passed")
            return
        }
        #expect(first == RowProblem(column: .userLogin, message: """
            user login 'jdoe' appears more than once in the file (also on lines 4, 5): keep one row per user
            """))
        #expect(third.message == "user login 'jdoe' appears more than once in the file (also on lines 2, 5): keep one row per user")
        #expect(fourth.message == "user login 'jdoe' appears more than once in the file (also on lines 2, 4): keep one row per user")
        let pair = try Self.plan([[.userLogin: "a"], [.userLogin: "a"]])
        if case .failure(let problem) = pair[1].outcome { #expect(problem.message.contains("(also on line 2)")) } else { Issue.record("passed") }
    }

    // MARK: - Names and email

    @Test(arguments: ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"])
    func namesAreNotRequired(type: String) throws {
        #expect(try Self.changes([.firstName: "", .lastName: "", .email: "", .password: ""], type: type) == UserChanges(username: "jdoe"))
        #expect(try Self.changes([.lastName: "Doe"], type: type) == UserChanges(username: "jdoe", lastName: "Doe"))
    }

    @Test func decomposedNamesAndEmailAreComposed() throws {
        let changes = try Self.changes([.firstName: "Rene\u{301}e", .lastName: "Mu\u{308}ller", .email: "rene\u{301}e@example.com"])
        #expect(changes?.firstName.map { Array($0.unicodeScalars) } == Array("Ren\u{E9}e".unicodeScalars))
        #expect(changes?.lastName.map { Array($0.unicodeScalars) } == Array("M\u{FC}ller".unicodeScalars))
        #expect(changes?.email.map { Array($0.unicodeScalars) } == Array("ren\u{E9}e@example.com".unicodeScalars))
    }

    @Test func nameLengthsFollowTheModel() throws {
        #expect(try Self.changes([.firstName: String(repeating: "a", count: 255), .lastName: String(repeating: "b", count: 300)]) != nil)
        let first = String(repeating: "a", count: 256)
        #expect(try Self.problem([.firstName: first]) == RowProblem(column: .firstName, message: """
            first name '\(first)' is too long: 256 characters, at most 255
            """))
        let last = String(repeating: "b", count: 301)
        #expect(try Self.problem([.lastName: last]) == RowProblem(column: .lastName, message: """
            last name '\(last)' is too long: 301 characters, at most 300
            """))
    }

    @Test func emailIsRefusedOnASAMLInstance() throws {
        #expect(try Self.problem([.email: "jdoe@example.com"], type: "SAML") == RowProblem(column: .email, message: """
            email address 'jdoe@example.com' must be left empty: Amazon Connect does not accept an email address for users of an instance that uses \
            SAML single sign-on
            """))
        #expect(try Self.changes([.email: "jdoe@example.com"], type: "EXISTING_DIRECTORY")?.email == "jdoe@example.com")
        #expect(try Self.changes([.firstName: "Jane"], type: "SAML") == UserChanges(username: "jdoe", firstName: "Jane"))
    }

    @Test(arguments: ["jdoe", "jdoe@", "@example.com", "jdoe@example", "j doe@example.com", "jdoe@example.com;x@example.com"])
    func emailShapeIsChecked(email: String) throws {
        #expect(try Self.problem([.email: email]) == RowProblem(column: .email, message: """
            email address '\(email)' is not a valid email address, for example name@example.com
            """))
    }

    // MARK: - Password

    @Test(arguments: ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"])
    func aPasswordIsIgnoredNeverChecked(type: String) throws {
        // Too short, no digit: create would refuse it; on SAML create refuses any password.
        for password in ["x", "Passw0rd!", "has space", String(repeating: "p", count: 200)] {
            #expect(try Self.changes([.password: password], type: type) == UserChanges(username: "jdoe", passwordIgnored: true))
        }
        #expect(try Self.changes([.password: ""], type: type)?.passwordIgnored == false)
    }

    @Test func noMessageOrDescriptionEverContainsThePassword() throws {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("abcXYZ019!@#$%^&*()_+-=[]{}|;:'\",.<>/?`~é ")
        for type in ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"] {
            var rows: [[AgentColumn: String]] = []
            for i in 0 ..< 200 {
                var password = "Pw"
                for _ in 0 ..< Int.random(in: 0 ... 70, using: &random) { password.append(random.pick(alphabet)) }
                if i % 4 == 1 {
                    // Some rows are valid: only the password besides the login.
                    rows.append([.userLogin: "u\(i)", .password: password])
                    continue
                }
                // Other cells are often wrong, so that every message is produced.
                rows.append([
                    .userLogin: i % 3 == 0 ? "dup" : "u\(i)", .password: password, .email: random.pick(["x", "", "a@example.com"]),
                    .firstName: random.pick(["", String(repeating: "n", count: 300)]),
                    .routingProfile: random.pick(["Basic", ""]), .securityProfiles: random.pick(["Agnet", "team lead", "|", ""]),
                    .phoneType: random.pick(["desk", "mobile", ""]), .phoneNumber: random.pick(["", "214-555"]),
                    .autoAccept: random.pick(["maybe", ""]), .acwTimeout: random.pick(["-1", ""]), .hierarchy: random.pick(["nowhere", "(none)", ""]),
                ])
            }
            let planned = try Self.plan(rows, type: type)
            var failures = 0
            for (row, plannedRow) in zip(rows, planned) {
                let password = SheetText.trimmed(row[.password]!)
                #expect(!plannedRow.row.description.contains(password))
                #expect(!String(describing: plannedRow.outcome).contains(password))
                #expect(!String(reflecting: plannedRow.outcome).contains(password))
                switch plannedRow.outcome {
                case .failure(let problem):
                    failures += 1
                    #expect(!problem.message.contains(password))
                    #expect(!problem.message.isEmpty)
                case .success(let changes):
                    #expect(changes.passwordIgnored)
                }
            }
            #expect(failures > 0 && failures < rows.count)
        }
    }

    // MARK: - Routing and security profiles

    @Test func routingProfileMustExist() throws {
        #expect(try Self.problem([.routingProfile: "Sales"]) == RowProblem(column: .routingProfile, message: """
            routing profile 'Sales' not found (did you mean 'Sales Routing Profile'?)
            """))
        #expect(try Self.problem([.routingProfile: "Zzz"])?.message == "routing profile 'Zzz' not found")
        #expect(try Self.changes([.routingProfile: "basic routing PROFILE"])?.routingProfileID == "rp-basic_routing_profile")
    }

    @Test func securityProfilesReplaceTheSetWithoutRepeats() throws {
        #expect(try Self.changes([.securityProfiles: " Agent | CallCenterManager||agent "])?.securityProfileIDs == ["sp-agent",
            "sp-callcentermanager"])
        #expect(try Self.changes([.securityProfiles: "TEAM LEAD"])?.securityProfileIDs == ["sp-team_lead"])
        #expect(try Self.changes([.securityProfiles: "Cafe\u{301}"])?.securityProfileIDs == ["sp-café"])
        // Ten distinct names (the most allowed), some naming the same profile.
        let ten = ["Agent", "CallCenterManager", "Admin", "QualityAnalyst", "Team Lead", "Café", "agent", "admin", "AGENT", "ADMIN", "Agent"]
        #expect(try Self.changes([.securityProfiles: ten.joined(separator: "|")])?.securityProfileIDs
            == ["sp-agent", "sp-callcentermanager", "sp-admin", "sp-qualityanalyst", "sp-team_lead", "sp-café"])
    }

    @Test func everyUnknownOrAmbiguousSecurityProfileIsReported() throws {
        #expect(try Self.problem([.securityProfiles: "Agnet|Admin|team lead"]) == RowProblem(column: .securityProfiles, message: """
            security profile 'Agnet' not found (did you mean 'Agent'?); security profile 'team lead' matches several names ('Team Lead', 'TEAM \
            LEAD'): write it exactly as in Amazon Connect
            """))
    }

    @Test func securityProfilesAreOneToTen() throws {
        let eleven = (1 ... 11).map { "P\($0)" }.joined(separator: "|")
        #expect(try Self.problem([.securityProfiles: eleven])?.message.hasSuffix("; 11 security profiles are listed, at most 10 are allowed") == true)
        #expect(try Self.problem([.securityProfiles: " | "]) == RowProblem(column: .securityProfiles, message: """
            security profile '|' names no security profile: list 1 to 10 security profiles, separated by |, or leave the cell empty to keep the \
            current ones
            """))
    }

    // MARK: - Phone

    @Test(arguments: [("soft", ConnectPhoneConfig.PhoneType.softPhone), ("SOFT_PHONE", .softPhone), ("soft phone", .softPhone),
                      ("desk", .deskPhone), ("DESK_PHONE", .deskPhone), ("Desk", .deskPhone)])
    func phoneTypes(cell: String, type: ConnectPhoneConfig.PhoneType) throws {
        #expect(try Self.changes([.phoneType: cell])?.phoneType == type)
    }

    @Test func unknownPhoneType() throws {
        #expect(try Self.problem([.phoneType: "mobile"]) == RowProblem(column: .phoneType, message: """
            phone type 'mobile' is not valid: use soft or desk
            """))
    }

    @Test func aDeskPhoneWithoutANumberIsLeftToTheRun() throws {
        // The user may already have a desk number: only the run, reading the user, can tell.
        #expect(try Self.changes([.phoneType: "desk"]) == UserChanges(username: "jdoe", phoneType: .deskPhone))
        #expect(try Self.changes([.phoneType: "desk", .phoneNumber: " "]) == UserChanges(username: "jdoe", phoneType: .deskPhone))
    }

    @Test(arguments: [("+12145550198", "+12145550198"), ("+1 (214) 555-0198", "+12145550198"), ("+1.214.555.0198", "+12145550198"),
                      ("+123456789012345", "+123456789012345")])
    func phoneNumbersAreReadAsE164(cell: String, number: String) throws {
        #expect(try Self.changes([.phoneType: "desk", .phoneNumber: cell])?.deskPhoneNumber == number)
    }

    @Test func phoneNumberMustBeE164() throws {
        #expect(try Self.problem([.phoneNumber: "214-555"]) == RowProblem(column: .phoneNumber, message: """
            phone number '214-555' is not in E.164 form, for example +12145550198 (it must start with + and the country code; Excel drops the + when \
            it takes the cell for a number)
            """))
        #expect(try Self.problem([.phoneNumber: "+0123456"])?.message == "phone number '+0123456' is not in E.164 form, for example +12145550198")
        #expect(try Self.problem([.phoneNumber: "1.21456E+10"])?.message.hasSuffix("""
            (Excel turned it into a number: format the column as text)
            """) == true)
    }

    @Test(arguments: [("yes", true), ("Y", true), ("TRUE", true), ("1", true), ("no", false), ("n", false), ("False", false), ("0", false)])
    func autoAccept(cell: String, value: Bool) throws {
        #expect(try Self.changes([.autoAccept: cell])?.autoAccept == value)
    }

    @Test func unknownAutoAccept() throws {
        #expect(try Self.problem([.autoAccept: "maybe"]) == RowProblem(column: .autoAccept, message: """
            auto accept 'maybe' is not valid: use yes or no
            """))
    }

    @Test(arguments: [("0", 0), ("30", 30), ("007", 7), ("2000000", 2_000_000)])
    func acwTimeout(cell: String, value: Int) throws {
        #expect(try Self.changes([.acwTimeout: cell])?.afterContactWorkTimeLimit == value)
    }

    @Test(arguments: ["2000001", "-1", "1.5", "30s"])
    func badACWTimeout(cell: String) throws {
        #expect(try Self.problem([.acwTimeout: cell]) == RowProblem(column: .acwTimeout, message: """
            ACW timeout '\(cell)' is not valid: use a whole number of seconds from 0 to 2000000
            """))
    }

    // MARK: - Hierarchy

    @Test(arguments: ["(none)", "(NONE)", " (None) "])
    func noneRemovesTheUserFromItsGroup(cell: String) throws {
        #expect(try Self.changes([.hierarchy: cell])?.hierarchy == UserChanges.Hierarchy.none)
    }

    @Test(arguments: [("technical support/IT/Eastern", "group-technical_support-it-eastern"),
                      (" Technical Support / it /eastern ", "group-technical_support-it-eastern"),
                      ("technical support", "group-technical_support")])
    func hierarchyPathMatchesOneGroup(cell: String, id: String) throws {
        #expect(try Self.changes([.hierarchy: cell])?.hierarchy == .group(id: id))
    }

    @Test func unknownHierarchyPath() throws {
        #expect(try Self.problem([.hierarchy: "technical support/IT/Eastrn"]) == RowProblem(column: .hierarchy, message: """
            hierarchy 'technical support/IT/Eastrn' not found (did you mean 'technical support/IT/Eastern'?)
            """))
        #expect(try Self.problem([.hierarchy: "none"])?.message == "hierarchy 'none' not found")
    }

    // MARK: - Rows as a whole

    @Test func aRowWithMoreCellsThanTheHeaderIsAProblem() throws {
        let text = "user login,first name,last name\njdoe,Doe, Jane,Doe\n"
        let planned = UpdateRows.check(try AgentSheet(CSVReader.read(Array(text.utf8))), reference: Self.reference("CONNECT_MANAGED"))
        guard case .failure(let problem) = planned[0].outcome else { Issue.record("passed"); return }
        #expect(problem == RowProblem(column: nil, message: """
            the row has 4 cells but the header has 3 columns: a value that contains a comma must be in double quotes
            """))
    }

    @Test func allProblemsOfARowAreReportedInColumnOrder() throws {
        let problem = try Self.problem([.email: "nope", .password: "x", .routingProfile: "Sales", .securityProfiles: "Agnet",
                                        .phoneType: "desk", .phoneNumber: "phone", .autoAccept: "maybe", .acwTimeout: "-1",
                                        .hierarchy: "x/y"])
        #expect(problem?.column == nil)
        #expect(problem?.message == [
            "email address 'nope' is not a valid email address, for example name@example.com",
            "routing profile 'Sales' not found (did you mean 'Sales Routing Profile'?)",
            "security profile 'Agnet' not found (did you mean 'Agent'?)",
            "phone number 'phone' is not in E.164 form, for example +12145550198",
            "auto accept 'maybe' is not valid: use yes or no",
            "ACW timeout '-1' is not valid: use a whole number of seconds from 0 to 2000000",
            "hierarchy 'x/y' not found",
        ].joined(separator: "; "))
    }
}
