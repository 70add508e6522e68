@testable import BulkEngine
import ConnectClient
import TestSupport
import Testing

@Suite struct SheetCreatePlannerTests {
    static func resource(_ kind: String, _ name: String) -> ConnectNamedResource {
        let id = "\(kind)-\(name.lowercased().replacingSpaces())"
        return ConnectNamedResource(id: id, arn: "arn:aws:connect:us-east-1:123456789012:instance/i/\(kind)/\(id)", name: name)
    }

    static func group(_ path: [String]) -> ConnectHierarchyGroup {
        let id = "group-" + path.joined(separator: "-").lowercased().replacingSpaces()
        return ConnectHierarchyGroup(id: id, arn: "arn:group/\(id)", name: path.last!, path: path)
    }

    static func reference(_ type: String = "CONNECT_MANAGED") -> InstanceReference {
        InstanceReference(
            identityManagementType: ConnectIdentityManagementType(reading: type),
            securityProfiles: ["Agent", "CallCenterManager", "Admin", "QualityAnalyst", "Team Lead", "TEAM LEAD", "Café"].map { resource("sp", $0) },
            routingProfiles: ["Basic Routing Profile", "Sales Routing Profile"].map { resource("rp", $0) },
            hierarchyGroups: [
                group(["technical support"]), group(["technical support", "IT"]),
                group(["technical support", "IT", "Eastern"]), group(["technical support", "IT", "Australia"]),
                group(["general inquiries"]),
            ])
    }

    static let valid: [AgentColumn: String] = [
        .firstName: "Jane", .lastName: "Doe", .email: "jdoe@example.com", .password: "Passw0rd!", .userLogin: "jdoe",
        .routingProfile: "Basic Routing Profile", .securityProfiles: "Agent", .phoneType: "soft", .autoAccept: "yes",
        .acwTimeout: "30",
    ]

    /// Rows through the whole path: written as CSV, read, matched, planned.
    static func plan(_ rows: [[AgentColumn: String]], type: String = "CONNECT_MANAGED",
                     columns: [AgentColumn] = AgentColumn.allCases) throws -> [CheckedCreateRow] {
        let bytes = CSVWriter.write(header: columns.map(\.rawValue), rows: rows.map { row in columns.map { row[$0] ?? "" } })
        return CreateRows.check(try AgentSheet(CSVReader.read(bytes)), reference: reference(type))
    }

    static func with(_ changes: [AgentColumn: String], base: [AgentColumn: String] = valid) -> [AgentColumn: String] {
        base.merging(changes) { $1 }
    }

    /// The problem of a single changed row.
    static func problem(_ changes: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> RowProblem? {
        var base = valid
        if type != "CONNECT_MANAGED" { base[.password] = nil }
        if type == "SAML" { base[.email] = nil }
        guard case .failure(let problem) = try plan([with(changes, base: base)], type: type)[0].outcome else { return nil }
        return problem
    }

    static func user(_ changes: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> ConnectNewUser? {
        var base = valid
        if type != "CONNECT_MANAGED" { base[.password] = nil }
        if type == "SAML" { base[.email] = nil }
        return try plan([with(changes, base: base)], type: type)[0].outcome.get()
    }

    // MARK: - Valid rows

    @Test func aValidRowBecomesOneCompleteRequest() throws {
        let user = try Self.user([:])
        #expect(user == ConnectNewUser(
            username: "jdoe", password: "Passw0rd!",
            identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "jdoe@example.com"),
            phoneConfig: ConnectPhoneConfig(phoneType: .softPhone, autoAccept: true, afterContactWorkTimeLimit: 30),
            securityProfileIDs: ["sp-agent"], routingProfileID: "rp-basic_routing_profile", hierarchyGroupID: nil))
    }

    @Test func theConsoleExampleRowsAllPass() throws {
        let text = """
        \(SheetAgentSheetTests.templateHeader)
        Roe,Richard,rroe@example.com,F@keP@ssw0rd,rroe,Basic Routing Profile,CallCenterManager,SOFT_PHONE,,yes,30,technical support/IT/Eastern
        Jackson,Mateo,mjackson@example.com,F@keP@ssw0rd,mjackson,Basic Routing Profile,Agent,DESK_PHONE,+12145550198,no,0,technical support/IT/Australia
        Major,Mary,mmajor@example.com,F@keP@ssw0rd,mmajor,Basic Routing Profile,Agent|CallCenterManager,desk,+19725550120,no,0,general inquiries

        """
        let planned = CreateRows.check(try AgentSheet(CSVReader.read(Array(text.utf8))), reference: Self.reference())
        let users = try planned.map { try $0.outcome.get() }
        #expect(users.map(\.username) == ["rroe", "mjackson", "mmajor"])
        #expect(users[0].hierarchyGroupID == "group-technical_support-it-eastern")
        #expect(users[0].phoneConfig == ConnectPhoneConfig(phoneType: .softPhone, autoAccept: true, afterContactWorkTimeLimit: 30))
        #expect(users[1].phoneConfig == ConnectPhoneConfig(phoneType: .deskPhone, autoAccept: false, afterContactWorkTimeLimit: 0,
            deskPhoneNumber: "+12145550198"))
        #expect(users[2].securityProfileIDs == ["sp-agent", "sp-callcentermanager"])
        #expect(users[2].hierarchyGroupID == "group-general_inquiries")
        #expect(planned.map(\.row.line) == [2, 3, 4])
    }

    @Test func emptyOptionalCellsTakeTheirDefaults() throws {
        let user = try Self.user([.phoneType: "", .autoAccept: "", .acwTimeout: "", .hierarchy: "", .email: ""])
        #expect(user?.phoneConfig == ConnectPhoneConfig(phoneType: .softPhone, autoAccept: false, afterContactWorkTimeLimit: 0))
        #expect(user?.hierarchyGroupID == nil)
        #expect(user?.identityInfo == ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: nil))
    }

    // MARK: - Names

    @Test(arguments: ["CONNECT_MANAGED", "SAML"])
    func namesAreRequired(type: String) throws {
        let problem = try Self.problem([.firstName: "", .lastName: "  "], type: type)
        let words = type == "SAML" ? "an instance that uses SAML single sign-on" : "an instance that stores users in Amazon Connect"
        #expect(problem?.message == "first name is empty: it is required for \(words); last name is empty: it is required for \(words)")
        #expect(problem?.column == nil)
    }

    @Test func namesAreOptionalForAnExistingDirectory() throws {
        let user = try Self.user([.firstName: "", .lastName: "", .email: ""], type: "EXISTING_DIRECTORY")
        #expect(user?.identityInfo == nil)
        #expect(user?.password == nil)
        let named = try Self.user([:], type: "EXISTING_DIRECTORY")
        #expect(named?.identityInfo == ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "jdoe@example.com"))
    }

    @Test func decomposedNamesAreSentComposed() throws {
        let user = try Self.user([.firstName: "Rene\u{301}e", .lastName: "Mu\u{308}ller-Ban\u{303}o"])
        #expect(user?.identityInfo?.firstName.map { Array($0.unicodeScalars) } == Array("Ren\u{E9}e".unicodeScalars))
        #expect(user?.identityInfo?.lastName.map { Array($0.unicodeScalars) } == Array("M\u{FC}ller-Ba\u{F1}o".unicodeScalars))
    }

    @Test func nameLengthsFollowTheModel() throws {
        #expect(try Self.user([.firstName: String(repeating: "a", count: 255), .lastName: String(repeating: "b", count: 300)]) != nil)
        let problem = try Self.problem([.firstName: String(repeating: "a", count: 256)])
        #expect(problem?.column == .firstName)
        #expect(problem?.message.hasSuffix("is too long: 256 characters, at most 255") == true)
        #expect(try Self.problem([.lastName: String(repeating: "b", count: 301)])?.message.hasSuffix("at most 300") == true)
    }

    // MARK: - Email

    @Test func emailMustBeEmptyForSAML() throws {
        let problem = try Self.problem([.email: "jdoe@example.com"], type: "SAML")
        #expect(problem == RowProblem(column: .email, message: """
            email address 'jdoe@example.com' must be left empty: Amazon Connect does not accept an email address for users of an instance that uses \
            SAML single sign-on
            """))
        let user = try Self.user([:], type: "SAML")
        #expect(user?.identityInfo == ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: nil))
        #expect(user?.password == nil)
    }

    @Test(arguments: ["jdoe", "jdoe@", "@example.com", "jdoe@example", "j doe@example.com", "a@b@example.com",
                      "jdoe@example.com;x@example.com", "jdoe@.example.com", "jdoe@example..com"])
    func emailShapeIsChecked(email: String) throws {
        #expect(try Self.problem([.email: email]) == RowProblem(column: .email, message: """
            email address '\(email)' is not a valid email address, for example name@example.com
            """))
    }

    // MARK: - Password

    @Test func passwordIsRequiredWhenConnectManagesUsers() throws {
        #expect(try Self.problem([.password: ""]) == RowProblem(column: .password, message: """
            password is empty: it is required for an instance that stores users in Amazon Connect
            """))
    }

    @Test(arguments: [
        ("Sh0rt!", "it is too short"),
        ("alllowercase1", "it has no upper-case letter"),
        ("ALLUPPERCASE1", "it has no lower-case letter"),
        ("NoDigitsHere!", "it has no digit"),
        ("Has Space1", "it contains a space"),
        (String(repeating: "Aa1", count: 22), "it is too long"),
        ("qwer", "it is too short, it has no upper-case letter, it has no digit"),
    ])
    func passwordRulesNameWhatIsMissingButNeverTheValue(password: String, missing: String) throws {
        let problem = try Self.problem([.password: password])
        #expect(problem == RowProblem(column: .password, message: """
            the password does not meet the rules (8 to 64 characters with at least one lower-case letter, one upper-case letter and one digit, no \
            spaces): \(missing)
            """))
        #expect(problem?.message.contains(password) == false)
    }

    @Test func passwordLimitsAreInclusive() throws {
        #expect(try Self.user([.password: "Abcdef1!"])?.password == "Abcdef1!")
        let longest = String(repeating: "Aa1", count: 21) + "b"
        #expect(try Self.user([.password: longest])?.password == longest)
    }

    @Test(arguments: [("SAML", "users sign in through the identity provider"),
                      ("EXISTING_DIRECTORY", "users sign in with their directory password")])
    func passwordMustBeEmptyOtherwise(type: String, why: String) throws {
        let problem = try Self.problem([.password: "Passw0rd!"], type: type)
        #expect(problem?.column == .password)
        #expect(problem?.message.hasPrefix("password must be left empty for an instance that") == true)
        #expect(problem?.message.hasSuffix(why) == true)
        #expect(problem?.message.contains("Passw0rd!") == false)
    }

    @Test func noMessageOrDescriptionEverContainsThePassword() throws {
        var random = SeededRandom(seed: 42)
        let alphabet = Array("abcXYZ019!@#$%^&*()_+-=[]{}|;:'\",.<>/?`~é ")
        for type in ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"] {
            var rows: [[AgentColumn: String]] = []
            for i in 0 ..< 200 {
                var password = "Pw"
                for _ in 0 ..< Int.random(in: 0 ... 70, using: &random) { password.append(random.pick(alphabet)) }
                // Every other cell is wrong too, so that every message is produced.
                rows.append([
                    .userLogin: i % 3 == 0 ? "dup" : "u\(i)", .password: password, .firstName: "", .email: "x",
                    .routingProfile: random.pick(["Basic", password, ""]), .securityProfiles: random.pick(["Agnet", password]),
                    .phoneType: random.pick(["desk", password]), .phoneNumber: random.pick(["", "214-555"]),
                    .autoAccept: random.pick(["maybe", ""]), .acwTimeout: random.pick(["-1", ""]), .hierarchy: random.pick(["nowhere", ""]),
                ])
            }
            let planned = try Self.plan(rows, type: type)
            for (row, plannedRow) in zip(rows, planned) {
                let password = SheetText.trimmed(row[.password]!)
                // A cell that holds the password's text by mistake (routing profile...) is
                // that cell's value and shown as such; only the password cell is secret.
                let elsewhere = [row[.routingProfile], row[.securityProfiles],
                    row[.phoneType]].contains { SheetText.trimmed($0 ?? "").contains(password) }
                if !elsewhere { #expect(!plannedRow.row.description.contains(password)) }
                if case .failure(let problem) = plannedRow.outcome {
                    if !elsewhere { #expect(!problem.message.contains(password)) }
                    #expect(!problem.message.isEmpty)
                }
                if case .success(let user) = plannedRow.outcome { #expect(!user.description.contains(password)) }
            }
        }
    }

    // MARK: - User login

    @Test func userLoginIsRequiredAndAtMost100Characters() throws {
        #expect(try Self.problem([.userLogin: " "]) == RowProblem(column: .userLogin, message: "user login is empty: every user needs a user login"))
        #expect(try Self.user([.userLogin: String(repeating: "u", count: 100)], type: "SAML") != nil)
        let long = String(repeating: "u", count: 101)
        #expect(try Self.problem([.userLogin: long]) == RowProblem(column: .userLogin, message: """
            user login '\(long)' is too long: 101 characters, at most 100
            """))
        #expect(try Self.problem([.userLogin: long], type: "SAML")?.message == "user login '\(long)' is too long: 101 characters, at most 100")
    }

    /// CreateUser's documentation: "For instances not using SAML for identity management, the
    /// user name can include up to 20 characters" (the template: "20 on Connect-managed").
    @Test(arguments: ["CONNECT_MANAGED", "EXISTING_DIRECTORY"])
    func userLoginIsAtMost20CharactersWithoutSAML(type: String) throws {
        #expect(try Self.user([.userLogin: String(repeating: "u", count: 20)], type: type) != nil)
        let long = "jane.doe.contractor.x"
        #expect(long.count == 21)
        let words = type == "CONNECT_MANAGED" ? "an instance that stores users in Amazon Connect" : "an instance that uses an existing directory"
        #expect(try Self.problem([.userLogin: long], type: type) == RowProblem(column: .userLogin,
            message: "user login '\(long)' is too long: 21 characters, at most 20 on \(words) (100 only with SAML single sign-on)"))
        #expect(try Self.user([.userLogin: long], type: "SAML") != nil, "SAML allows more")
    }

    @Test func everyOccurrenceOfADuplicateLoginFailsNamingTheOthers() throws {
        let planned = try Self.plan([
            Self.with([.userLogin: "jdoe"]), Self.with([.userLogin: "other"]), Self.with([.userLogin: " jdoe "]),
            Self.with([.userLogin: "jdoe"]), Self.with([.userLogin: "JDOE"]),
        ])
        let messages = planned.map { (try? $0.outcome.get()) == nil ? "\($0.outcome)" : "ok" }
        #expect(messages[1] == "ok")
        #expect(messages[4] == "ok")  // logins are compared exactly, as typed
        guard case .failure(let first) = planned[0].outcome, case .failure(let third) = planned[2].outcome,
              case .failure(let fourth) = planned[3].outcome else {
            Issue.record("duplicates passed")
            return
        }
        #expect(first == RowProblem(column: .userLogin, message: """
            user login 'jdoe' appears more than once in the file (also on lines 4, 5): keep one row per user
            """))
        #expect(third.message == "user login 'jdoe' appears more than once in the file (also on lines 2, 5): keep one row per user")
        #expect(fourth.message.contains("(also on lines 2, 4)"))
        let pair = try Self.plan([Self.with([.userLogin: "a"]), Self.with([.userLogin: "a"])])
        if case .failure(let problem) = pair[0].outcome { #expect(problem.message.contains("(also on line 3)")) } else { Issue.record("passed") }
    }

    // MARK: - Routing and security profiles

    @Test func routingProfileMustExist() throws {
        #expect(try Self.problem([.routingProfile: "Sales"]) == RowProblem(column: .routingProfile, message: """
            routing profile 'Sales' not found (did you mean 'Sales Routing Profile'?)
            """))
        #expect(try Self.problem([.routingProfile: "Basic Routting Profile"])?.message == """
            routing profile 'Basic Routting Profile' not found (did you mean 'Basic Routing Profile'?)
            """)
        #expect(try Self.problem([.routingProfile: "Zzz"])?.message == "routing profile 'Zzz' not found")
        #expect(try Self.problem([.routingProfile: ""]) == RowProblem(column: .routingProfile, message: """
            routing profile is empty: every user needs a routing profile
            """))
    }

    @Test func aMissingRequiredColumnIsNamed() throws {
        let planned = try Self.plan([Self.valid], columns: AgentColumn.allCases.filter { $0 != .routingProfile })
        guard case .failure(let problem) = planned[0].outcome else { Issue.record("passed"); return }
        #expect(problem == RowProblem(column: .routingProfile, message: """
            the file has no 'routing profile name' column: every user needs a routing profile
            """))
    }

    @Test func namesMatchExactlyThenIgnoringCase() throws {
        let user = try Self.user([.routingProfile: "basic routing PROFILE", .securityProfiles: "agent|ADMIN"])
        #expect(user?.routingProfileID == "rp-basic_routing_profile")
        #expect(user?.securityProfileIDs == ["sp-agent", "sp-admin"])
        // 'Team Lead' and 'TEAM LEAD' both exist: exact wins, a third casing is ambiguous.
        #expect(try Self.user([.securityProfiles: "TEAM LEAD"])?.securityProfileIDs == ["sp-team_lead"].map { _ in "sp-team_lead" })
        #expect(try Self.problem([.securityProfiles: "team lead"]) == RowProblem(column: .securityProfiles, message: """
            security profile 'team lead' matches several names ('Team Lead', 'TEAM LEAD'): write it exactly as in Amazon Connect
            """))
        // A decomposed cell finds the composed name.
        #expect(try Self.user([.securityProfiles: "Cafe\u{301}"])?.securityProfileIDs == ["sp-café"])
    }

    @Test func securityProfilesAreAPipeListOfOneToTen() throws {
        let user = try Self.user([.securityProfiles: " Agent | CallCenterManager||Agent "])
        #expect(user?.securityProfileIDs == ["sp-agent", "sp-callcentermanager"])
        #expect(try Self.problem([.securityProfiles: " | "]) == RowProblem(column: .securityProfiles, message: """
            security profile is empty: every user needs 1 to 10 security profiles, separated by |
            """))
        let eleven = (1 ... 11).map { "P\($0)" }.joined(separator: "|")
        let problem = try Self.problem([.securityProfiles: eleven])
        #expect(problem?.message.hasSuffix("11 security profiles are listed, at most 10 are allowed") == true)
    }

    @Test func everyUnknownSecurityProfileIsReportedWithASuggestion() throws {
        let problem = try Self.problem([.securityProfiles: "Agnet|Admin|CallCenterManger"])
        #expect(problem == RowProblem(column: .securityProfiles, message: """
            security profile 'Agnet' not found (did you mean 'Agent'?); security profile 'CallCenterManger' not found (did you mean \
            'CallCenterManager'?)
            """))
    }

    // MARK: - Phone

    @Test(arguments: [("soft", ConnectPhoneConfig.PhoneType.softPhone), ("SOFT", .softPhone), ("Soft_Phone", .softPhone),
                      ("SOFT_PHONE", .softPhone), ("soft phone", .softPhone), ("desk", .deskPhone), ("DESK_PHONE", .deskPhone),
                      ("Desk", .deskPhone), ("", .softPhone)])
    func phoneTypes(cell: String, type: ConnectPhoneConfig.PhoneType) throws {
        let user = try Self.user([.phoneType: cell, .phoneNumber: "+12145550198"])
        #expect(user?.phoneConfig.phoneType == type)
    }

    @Test func unknownPhoneType() throws {
        #expect(try Self.problem([.phoneType: "mobile"]) == RowProblem(column: .phoneType, message: """
            phone type 'mobile' is not valid: use soft or desk
            """))
    }

    @Test func deskPhoneNeedsANumber() throws {
        #expect(try Self.problem([.phoneType: "desk"]) == RowProblem(column: .phoneNumber, message: """
            phone number is empty: a desk phone needs a number, for example +12145550198
            """))
    }

    @Test(arguments: [("+12145550198", "+12145550198"), ("+1 (214) 555-0198", "+12145550198"), ("+44 20 7946 0958", "+442079460958"),
                      ("+1.214.555.0198", "+12145550198"), ("+12", "+12"), ("+123456789012345", "+123456789012345")])
    func phoneNumbersAreReadAsE164(cell: String, number: String) throws {
        #expect(try Self.user([.phoneType: "desk", .phoneNumber: cell])?.phoneConfig.deskPhoneNumber == number)
    }

    @Test func phoneNumberMustBeE164() throws {
        #expect(try Self.problem([.phoneType: "desk", .phoneNumber: "214-555"]) == RowProblem(column: .phoneNumber, message: """
            phone number '214-555' is not in E.164 form, for example +12145550198 (it must start with + and the country code; Excel drops the + when \
            it takes the cell for a number)
            """))
        for bad in ["+1", "+0123456", "+1234567890123456", "+1 214 ext 5", "phone"] {
            #expect(try Self.problem([.phoneType: "desk", .phoneNumber: bad])?.message == """
                phone number '\(bad)' is not in E.164 form, for example +12145550198
                """)
        }
        #expect(try Self.problem([.phoneNumber: "1.21456E+10"])?.message.hasSuffix("""
            (Excel turned it into a number: format the column as text)
            """) == true)
    }

    @Test func aSoftPhoneMayKeepADeskNumber() throws {
        #expect(try Self.user([.phoneType: "soft", .phoneNumber: "+12145550198"])?.phoneConfig.deskPhoneNumber == "+12145550198")
    }

    @Test(arguments: [("yes", true), ("YES", true), ("y", true), ("True", true), ("1", true),
                      ("no", false), ("N", false), ("false", false), ("0", false), ("", false)])
    func autoAccept(cell: String, value: Bool) throws {
        #expect(try Self.user([.autoAccept: cell])?.phoneConfig.autoAccept == value)
    }

    @Test func unknownAutoAccept() throws {
        #expect(try Self.problem([.autoAccept: "maybe"]) == RowProblem(column: .autoAccept, message: """
            auto accept 'maybe' is not valid: use yes or no
            """))
    }

    @Test(arguments: [("0", 0), ("", 0), ("30", 30), ("2000000", 2_000_000), ("007", 7)])
    func acwTimeout(cell: String, value: Int) throws {
        #expect(try Self.user([.acwTimeout: cell])?.phoneConfig.afterContactWorkTimeLimit == value)
    }

    @Test(arguments: ["2000001", "-1", "+5", "1.5", "abc", "30s", "99999999999999999999", "2,000"])
    func badACWTimeout(cell: String) throws {
        #expect(try Self.problem([.acwTimeout: cell]) == RowProblem(column: .acwTimeout, message: """
            ACW timeout '\(cell)' is not valid: use a whole number of seconds from 0 to 2000000
            """))
    }

    // MARK: - Hierarchy

    @Test(arguments: [("technical support/IT/Eastern", "group-technical_support-it-eastern"),
                      (" technical support / IT /Eastern ", "group-technical_support-it-eastern"),
                      ("Technical Support/it/eastern", "group-technical_support-it-eastern"),
                      ("technical support/IT", "group-technical_support-it"),
                      ("general inquiries", "group-general_inquiries")])
    func hierarchyPathMatchesOneGroup(cell: String, id: String) throws {
        #expect(try Self.user([.hierarchy: cell])?.hierarchyGroupID == id)
    }

    @Test(arguments: ["", "(none)", "(NONE)", " (None) "])
    func noHierarchy(cell: String) throws {
        #expect(try Self.user([.hierarchy: cell])?.hierarchyGroupID == nil)
    }

    @Test func unknownHierarchyPath() throws {
        #expect(try Self.problem([.hierarchy: "technical support/IT/Eastrn"]) == RowProblem(column: .hierarchy, message: """
            hierarchy 'technical support/IT/Eastrn' not found (did you mean 'technical support/IT/Eastern'?)
            """))
        // Only the whole path counts: the last level alone is not enough.
        #expect(try Self.problem([.hierarchy: "Eastern"])?.message == "hierarchy 'Eastern' not found (did you mean 'technical support/IT/Eastern'?)")
        #expect(try Self.problem([.hierarchy: "sales/EMEA"])?.message == "hierarchy 'sales/EMEA' not found")
    }

    // MARK: - Rows as a whole

    @Test func aRowWithMoreCellsThanTheHeaderIsAProblem() throws {
        let text = """
            user login,first name,last name,password,routing profile name,security_profile_name_1|security_profile_name_2\njdoe,Doe, \
            Jane,Doe,Passw0rd!,Basic Routing Profile,Agent\n
            """
        let planned = CreateRows.check(try AgentSheet(CSVReader.read(Array(text.utf8))), reference: Self.reference())
        guard case .failure(let problem) = planned[0].outcome else { Issue.record("passed"); return }
        #expect(problem.message.hasPrefix("the row has 7 cells but the header has 6 columns: a value that contains a comma must be in double quotes"))
    }

    @Test func allProblemsOfARowAreReportedInColumnOrder() throws {
        let problem = try Self.problem([.email: "nope", .routingProfile: "Sales", .securityProfiles: "Agnet", .phoneType: "desk",
                                        .autoAccept: "maybe", .acwTimeout: "-1", .hierarchy: "x/y"])
        #expect(problem?.column == nil)
        #expect(problem?.message == [
            "email address 'nope' is not a valid email address, for example name@example.com",
            "routing profile 'Sales' not found (did you mean 'Sales Routing Profile'?)",
            "security profile 'Agnet' not found (did you mean 'Agent'?)",
            "phone number is empty: a desk phone needs a number, for example +12145550198",
            "auto accept 'maybe' is not valid: use yes or no",
            "ACW timeout '-1' is not valid: use a whole number of seconds from 0 to 2000000",
            "hierarchy 'x/y' not found",
        ].joined(separator: "; "))
    }

    @Test func unknownIdentityTypeIsTreatedAsAnExistingDirectory() throws {
        #expect(try Self.user([.firstName: "", .lastName: ""], type: "SOMETHING_NEW") != nil)
    }

    // MARK: - Suggestions

    @Test func editDistanceCountsSwapsAsOne() {
        #expect(Suggestion.distance(Array("agnet"), Array("agent")) == 1)
        #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestion.distance(Array(""), Array("abc")) == 3)
        #expect(Suggestion.distance(Array("same"), Array("same")) == 0)
    }

    @Test func suggestions() {
        let names = ["Agent", "Admin", "CallCenterManager", "Sales Routing Profile", "QA"]
        #expect(Suggestion.closest(to: "Agnet", among: names) == "Agent")
        #expect(Suggestion.closest(to: "sales", among: names) == "Sales Routing Profile")
        #expect(Suggestion.closest(to: "Call Center Manager", among: names) == "CallCenterManager")
        #expect(Suggestion.closest(to: "QB", among: names) == "QA")
        #expect(Suggestion.closest(to: "XY", among: names) == nil)
        #expect(Suggestion.closest(to: "Completely different", among: names) == nil)
        #expect(Suggestion.closest(to: "", among: names) == nil)
    }

    @Test func nfcNormalizes() {
        #expect(Array(NFC.normalize("e\u{301}").unicodeScalars) == ["\u{E9}"])
        #expect(Array(NFC.normalize("\u{212B}").unicodeScalars) == ["\u{C5}"])  // Angstrom sign → Å
        #expect(NFC.normalize("plain ascii") == "plain ascii")
        #expect(NFC.isNormalized("Ren\u{E9}e"))
        #expect(!NFC.isNormalized("Rene\u{301}e"))
        // Hangul jamo compose.
        #expect(Array(NFC.normalize("\u{1100}\u{1161}").unicodeScalars) == ["\u{AC00}"])
    }

    @Test func aHundredThousandRowsPlanQuickly() throws {
        var rows: [[String]] = []
        for i in 0 ..< 100_000 {
            rows.append(AgentColumn.allCases.map { column in
                switch column {
                case .userLogin: "user\(i)"
                case .securityProfiles: i % 10 == 0 ? "Agnet" : "Agent|Admin"
                case .hierarchy: "technical support/IT/Eastern"
                default: Self.valid[column] ?? ""
                }
            })
        }
        let bytes = CSVWriter.write(header: AgentColumn.allCases.map(\.rawValue), rows: rows)
        let clock = ContinuousClock()
        var planned: [CheckedCreateRow] = []
        let elapsed = try clock.measure {
            planned = CreateRows.check(try AgentSheet(CSVReader.read(bytes)), reference: Self.reference())
        }
        #expect(planned.count == 100_000)
        #expect(planned.filter { (try? $0.outcome.get()) == nil }.count == 10_000)
        // A guard against work that grows with the square of the rows (minutes), not a measure:
        // bulk-bench times it. A loaded 2-core machine took 25 s for this debug build.
        #expect(elapsed < .seconds(120))
    }
}

private extension String {
    func replacingSpaces() -> String { String(map { $0 == " " ? "_" : $0 }) }
}
