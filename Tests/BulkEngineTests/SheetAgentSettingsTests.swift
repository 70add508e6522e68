@testable import BulkEngine
import ConnectClient
import TestSupport
import Testing

/// The columns beyond the console's 2019 template: secondary email, mobile, tags, the
/// per-channel settings, proficiencies, directory user id, and `agent hierarchy`.
@Suite struct SheetAgentSettingsTests {
    static func reference(_ type: String) -> InstanceReference {
        var reference = SheetCreatePlannerTests.reference(type)
        reference.predefinedAttributes = ["Language": ["English", "Spanish", "Français"], "Technology": ["Billing", "Networking"]]
        return reference
    }

    static func bytes(_ rows: [[AgentColumn: String]], columns: [AgentColumn]) -> [UInt8] {
        CSVWriter.write(header: columns.map(\.rawValue), rows: rows.map { row in columns.map { row[$0] ?? "" } })
    }

    static func created(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> CheckedCreateRow {
        var base = SheetCreatePlannerTests.valid
        if type != "CONNECT_MANAGED" { base[.password] = nil }
        if type == "SAML" { base[.email] = nil }
        let row = base.merging(cells) { $1 }
        let sheet = try AgentSheet(CSVReader.read(bytes([row], columns: AgentColumn.allCases)))
        return CreateRows.check(sheet, reference: reference(type))[0]
    }

    static func createProblem(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> RowProblem? {
        guard case .failure(let problem) = try created(cells, type: type).outcome else { return nil }
        return problem
    }

    static func updated(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> Result<UserChanges, RowProblem> {
        let row = [AgentColumn.userLogin: "jdoe"].merging(cells) { $1 }
        let sheet = try AgentSheet(CSVReader.read(bytes([row], columns: AgentColumn.allCases)))
        return UpdateRows.check(sheet, reference: reference(type))[0].outcome
    }

    static func changes(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> UserChanges? {
        try? updated(cells, type: type).get()
    }

    static func updateProblem(_ cells: [AgentColumn: String], type: String = "CONNECT_MANAGED") throws -> RowProblem? {
        guard case .failure(let problem) = try updated(cells, type: type) else { return nil }
        return problem
    }

    // MARK: - Headers

    @Test func everyNewHeaderIsATemplateColumn() {
        for header in ["secondary email address", "mobile", "tags", "voice ACW timeout (seconds)", "chat auto accept (yes/no)",
                       "task auto accept (yes/no)", "email auto accept (yes/no)", "chat ACW timeout (seconds)",
                       "task ACW timeout (seconds)", "email ACW timeout (seconds)", "callback auto accept (yes/no)",
                       "callback ACW timeout (seconds)", "persistent connection (yes/no)", "voice enhancement",
                       "proficiencies", "directory user id"] {
            #expect(AgentColumn(header: header)?.rawValue == header)
            #expect(AgentColumn(header: " " + header.uppercased() + " ") != nil)
        }
    }

    @Test func agentHierarchyIsAnotherSpellingOfUserHierarchy() throws {
        #expect(AgentColumn(header: "agent hierarchy") == .hierarchy)
        #expect(AgentColumn(header: "Agent Hierarchy") == .hierarchy)
        let file = "user login,agent hierarchy\njdoe,general inquiries\n"
        let sheet = try AgentSheet(CSVReader.read(Array(file.utf8)))
        #expect(sheet.ignoredColumns.isEmpty)
        let changes = try UpdateRows.check(sheet, reference: Self.reference("CONNECT_MANAGED"))[0].outcome.get()
        #expect(changes.hierarchy == .group(id: "group-general_inquiries"))
        // Both spellings in one header are the same column twice.
        #expect(throws: SheetError.self) { try AgentSheet(CSVReader.read(Array("user login,UserHierarchy,agent hierarchy\n".utf8))) }
    }

    @Test func anUnknownColumnIsListedAsIgnored() throws {
        let sheet = try AgentSheet(CSVReader.read(Array("user login,team,tags,error\njdoe,x,,\n".utf8)))
        #expect(sheet.ignoredColumns == ["team"])
        #expect(OwnedJob.ignoredColumnsNote(["team"]) == "a column the template does not know was ignored (its cells change nothing): 'team'")
        #expect(OwnedJob.ignoredColumnsNote(["a", "b"]) == "2 columns the template does not know were ignored (their cells change nothing): 'a', 'b'")
        #expect(OwnedJob.ignoredColumnsNote([]) == nil)
        let many = (1 ... 12).map { "c\($0)" }
        #expect(OwnedJob.ignoredColumnsNote(many)?.hasSuffix("'c10' and 2 more") == true)
    }

    // MARK: - Secondary email and mobile

    @Test func secondaryEmailAndMobileAreSentOnCreate() throws {
        let user = try Self.created([.secondaryEmail: "jane@example.org", .mobile: "+1 (214) 555-0100"]).outcome.get()
        #expect(user.identityInfo?.secondaryEmail == "jane@example.org")
        #expect(user.identityInfo?.mobile == "+12145550100")
        let changes = try Self.changes([.secondaryEmail: "jane@example.org", .mobile: "+12145550100"])
        #expect(changes == UserChanges(username: "jdoe", secondaryEmail: "jane@example.org", mobile: "+12145550100"))
    }

    @Test func secondaryEmailFollowsTheEmailRules() throws {
        #expect(try Self.createProblem([.secondaryEmail: "jane.example.org"])
            == RowProblem(column: .secondaryEmail, message: """
                secondary email address 'jane.example.org' is not a valid email address, for example name@example.com
                """))
        #expect(try Self.updateProblem([.secondaryEmail: "=HYPERLINK(\"x\")@a.b"])?.facts.map(\.kind) == [.formula])
        let long = String(repeating: "a", count: 250) + "@b.com"
        #expect(try Self.updateProblem([.secondaryEmail: long])?.facts.map(\.kind) == [.tooLong])
        // SAML refuses the email, not the secondary email.
        #expect(try Self.created([.secondaryEmail: "jane@example.org"],
            type: "SAML").outcome.get().identityInfo?.secondaryEmail == "jane@example.org")
    }

    @Test func mobileMustBeE164() throws {
        let problem = try Self.createProblem([.mobile: "2145550100"])
        #expect(problem?.column == .mobile)
        #expect(problem?.message.hasPrefix("mobile '2145550100' is not in E.164 form") == true)
        #expect(problem?.logDescription == "mobile: not in E.164 form")
        #expect(try Self.updateProblem([.mobile: "+0123"])?.facts.map(\.kind) == [.notE164])
    }

    // MARK: - Per-channel settings

    @Test func perChannelCellsAreReadOnUpdate() throws {
        let changes = try #require(try Self.changes([
            .voiceACW: "10", .chatAutoAccept: "yes", .taskAutoAccept: "no", .emailAutoAccept: "Y",
            .chatACW: "20", .taskACW: "30", .emailACW: "40", .callbackAutoAccept: "true", .callbackACW: "50",
            .persistentConnection: "yes", .voiceEnhancement: "noise suppression",
        ]))
        #expect(changes.channels == ChannelSettings(
            autoAccept: [.chat: true, .task: false, .email: true], afterContactWork: [.voice: 10, .chat: 20, .task: 30, .email: 40],
            callbackAutoAccept: true, callbackAfterContactWork: 50, persistentConnection: true, voiceEnhancement: .noiseSuppression))
    }

    @Test func softPhoneAutoAcceptIsVoice() throws {
        let changes = try #require(try Self.changes([.autoAccept: "yes", .chatAutoAccept: "no"]))
        #expect(changes.resolvedChannels.autoAccept == [.voice: true, .chat: false])
    }

    @Test func theLegacyACWSetsEachChannelWithoutItsOwnCell() throws {
        let changes = try #require(try Self.changes([.acwTimeout: "30", .chatACW: "120"]))
        #expect(changes.resolvedChannels.afterContactWork == [.voice: 30, .chat: 120, .task: 30, .email: 30])
        // Without the legacy column only the own cells.
        #expect(try Self.changes([.emailACW: "5"])?.resolvedChannels.afterContactWork == [.email: 5])
        // The callback ACW is not a channel's ACW.
        #expect(try Self.changes([.acwTimeout: "30"])?.resolvedChannels.callbackAfterContactWork == nil)
    }

    @Test(arguments: [AgentColumn.chatAutoAccept, .taskAutoAccept, .emailAutoAccept, .callbackAutoAccept, .persistentConnection])
    func yesNoColumns(column: AgentColumn) throws {
        #expect(try Self.updateProblem([column: "maybe"]) == RowProblem(column: column, message: """
            \(column.label) 'maybe' is not valid: use yes or no
            """))
        #expect(try Self.createProblem([column: "sure"])?.column == column)
        #expect(try Self.changes([column: "0"]) != nil)
    }

    @Test(arguments: [AgentColumn.voiceACW, .chatACW, .taskACW, .emailACW, .callbackACW])
    func acwColumns(column: AgentColumn) throws {
        for bad in ["-1", "2000001", "1.5", "ten"] {
            #expect(try Self.updateProblem([column: bad]) == RowProblem(column: column, message: """
                \(column.label) '\(bad)' is not valid: use a whole number of seconds from 0 to 2000000
                """))
        }
        #expect(try Self.createProblem([column: "2000001"])?.column == column)
        #expect(try Self.changes([column: "2000000"]) != nil)
    }

    @Test(arguments: [("none", ChannelSettings.VoiceEnhancement.none), ("NONE", .none), ("noise suppression", .noiseSuppression),
                      ("NOISE_SUPPRESSION", .noiseSuppression), ("Noise-Suppression", .noiseSuppression),
                      ("voice isolation", .voiceIsolation), ("VOICE_ISOLATION", .voiceIsolation)])
    func voiceEnhancementSpellings(cell: String, mode: ChannelSettings.VoiceEnhancement) throws {
        #expect(try Self.changes([.voiceEnhancement: cell])?.channels.voiceEnhancement == mode)
    }

    @Test func voiceEnhancementRefusesOtherWords() throws {
        #expect(try Self.updateProblem([.voiceEnhancement: "loud"])
            == RowProblem(column: .voiceEnhancement, message: """
                voice enhancement 'loud' is not valid: use none, noise suppression or voice isolation
                """))
    }

    @Test func createWithoutPerChannelCellsKeepsPhoneConfig() throws {
        let planned = try Self.created([:])
        #expect(planned.settings.channels.isEmpty)
        #expect(planned.settings == CreateSettings())
    }

    @Test func createWithAPerChannelCellSetsEveryChannel() throws {
        // valid: auto accept yes, ACW 30.
        let planned = try Self.created([.chatACW: "120", .voiceEnhancement: "voice isolation"])
        #expect(planned.settings.channels == ChannelSettings(
            autoAccept: [.voice: true, .chat: false, .task: false, .email: false],
            afterContactWork: [.voice: 30, .chat: 120, .task: 30, .email: 30], voiceEnhancement: .voiceIsolation))
    }

    // MARK: - Tags

    @Test func tagsAreTheWholeSet() throws {
        #expect(try Self.changes([.tags: "team=blue | site = austin|empty="])?.tags == ["team": "blue", "site": "austin", "empty": ""])
        #expect(try Self.changes([.tags: "(none)"])?.tags == [:])
        #expect(try Self.changes([.tags: "(NONE)"])?.tags == [:])
        #expect(try Self.changes([:])?.tags == nil)
        #expect(try Self.created([.tags: "team=blue|url=a/b:c=d"]).settings.tags == ["team": "blue", "url": "a/b:c=d"])
    }

    @Test func tagRules() throws {
        func kinds(_ cell: String) throws -> [RowProblem.Kind]? { try Self.updateProblem([.tags: cell])?.facts.map(\.kind) }
        #expect(try Self.updateProblem([.tags: "aws:team=blue"])
            == RowProblem(column: .tags, message: "tag key 'aws:team' begins with 'aws:', which AWS keeps for its own tags"))
        #expect(try kinds("AWS:x=1") == [.notValid])
        #expect(try Self.updateProblem([.tags: "team"]) == RowProblem(column: .tags, message: """
            tag 'team' has no '=': write each tag as key=value, separated by |
            """))
        #expect(try kinds("=blue") == [.formula])
        #expect(try kinds("a=1| =blue") == [.empty])
        #expect(try kinds(String(repeating: "k", count: 129) + "=v") == [.tooLong])
        #expect(try Self.changes([.tags: String(repeating: "k", count: 128) + "=v"]) != nil)
        #expect(try kinds("k=" + String(repeating: "v", count: 257)) == [.tooLong])
        #expect(try Self.changes([.tags: "k=" + String(repeating: "v", count: 256)]) != nil)
        #expect(try kinds("a=1|a=2") == [.duplicate])
        #expect(try kinds("a=x;y") == [.notValid])
        #expect(try kinds("|") == [.empty])
        let fifty = (1 ... 50).map { "k\($0)=v" }.joined(separator: "|")
        #expect(try Self.changes([.tags: fifty])?.tags?.count == 50)
        #expect(try Self.updateProblem([.tags: fifty + "|k51=v"]) == RowProblem(column: .tags, kind: .tooMany, message: """
            51 tags are listed, at most 50 are allowed
            """))
        #expect(try Self.createProblem([.tags: "aws:x=1"])?.column == .tags)
        #expect(try Self.updateProblem([.tags: "aws:x=1"])?.logDescription == "tags: not valid")
    }

    // MARK: - Proficiencies

    @Test func proficienciesResolveToThePredefinedAttributes() throws {
        let planned = try Self.created([.proficiencies: "Language:English:5|technology:billing:3"])
        #expect(planned.settings.proficiencies == [SheetProficiency(attribute: "Language", value: "English", level: 5),
                                                   SheetProficiency(attribute: "Technology", value: "Billing", level: 3)])
        #expect(try Self.changes([.proficiencies: " Language : Français : 1 "])?.proficiencies == [SheetProficiency(attribute: "Language",
            value: "Français", level: 1)])
        #expect(try Self.changes([.proficiencies: "(none)"])?.proficiencies == [])
        #expect(try Self.changes([:])?.proficiencies == nil)
    }

    @Test func proficiencyRules() throws {
        #expect(try Self.updateProblem([.proficiencies: "Langage:English:5"])
            == RowProblem(column: .proficiencies, message: "predefined attribute 'Langage' not found (did you mean 'Language'?)"))
        #expect(try Self.updateProblem([.proficiencies: "Language:Englsh:5"])
            == RowProblem(column: .proficiencies, message: "value 'Englsh' of predefined attribute 'Language' not found (did you mean 'English'?)"))
        for level in ["0", "6", "2.5", "x", "-1"] {
            #expect(try Self.updateProblem([.proficiencies: "Language:English:\(level)"])
                == RowProblem(column: .proficiencies, message: """
                    proficiency level '\(level)' of 'Language:English:\(level)' is not valid: use a whole number from 1 to 5
                    """))
        }
        #expect(try Self.updateProblem([.proficiencies: "Language:English"])
            == RowProblem(column: .proficiencies, message: """
                proficiency 'Language:English' is not attribute:value:level, for example Language:English:5
                """))
        #expect(try Self.updateProblem([.proficiencies: "Language:English:5|language:english:3"])?.facts.map(\.kind) == [.duplicate])
        #expect(try Self.updateProblem([.proficiencies: "|"])?.facts.map(\.kind) == [.empty])
        #expect(try Self.updateProblem([.proficiencies: "@x:y:1"])?.facts.map(\.kind) == [.formula])
        #expect(try Self.createProblem([.proficiencies: "Language:Klingon:5"])?.logDescription == "proficiencies: not found")
    }

    // MARK: - Directory user id

    @Test func directoryUserIDIsForExistingDirectoriesOnly() throws {
        #expect(try Self.created([.directoryUserID: "d-123"], type: "EXISTING_DIRECTORY").settings.directoryUserID == "d-123")
        #expect(try Self.created([.directoryUserID: "d-123"], type: "EXISTING_DIRECTORY").outcome.get().directoryUserID == "d-123")
        for type in ["CONNECT_MANAGED", "SAML"] {
            #expect(try Self.createProblem([.directoryUserID: "d-123"], type: type)?.facts.map(\.kind) == [.mustBeEmpty])
            #expect(try Self.updateProblem([.directoryUserID: "d-123"], type: type)?.column == .directoryUserID)
        }
        // On update it is checked, then ignored: the API sets it on CreateUser only.
        #expect(try Self.changes([.directoryUserID: "d-123"], type: "EXISTING_DIRECTORY") == UserChanges(username: "jdoe"))
    }

    // MARK: - All problems of a row, before any call

    @Test func everyNewColumnsProblemIsReportedTogether() throws {
        let problem = try #require(try Self.updateProblem([.secondaryEmail: "x", .mobile: "1", .tags: "aws:a=1", .chatACW: "-1",
                                                          .voiceEnhancement: "loud", .proficiencies: "Nope:x:1"]))
        #expect(Set(problem.facts.compactMap(\.column)) == [.secondaryEmail, .mobile, .tags, .chatACW, .voiceEnhancement, .proficiencies])
        #expect(!problem.logDescription.contains("aws:a"))
    }

    // MARK: - Create's request

    @Test func aCreateCarriesChannelsAndTagsAndNotPhoneConfigWhenChannelsAreGiven() throws {
        let planned = try Self.created([.phoneType: "desk", .phoneNumber: "+12145550198", .chatAutoAccept: "yes",
                                        .callbackACW: "15", .tags: "team=blue", .proficiencies: "Language:English:4"])
        let user = try planned.outcome.get()
        #expect(user.tags == ["team": "blue"])
        #expect(user.channels[.voice] == ConnectChannelConfig(autoAccept: true, afterContactWorkSeconds: 30,
            agentFirstCallbackAfterContactWorkSeconds: 15, phoneType: .deskPhone, phoneNumber: "+12145550198"))
        #expect(user.channels[.chat] == ConnectChannelConfig(autoAccept: true, afterContactWorkSeconds: 30))
        #expect(user.channels[.task] == ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 30))
        #expect(user.channels[.email] == ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 30))
        #expect(planned.settings.proficiencies.map(\.connect) == [ConnectUserProficiency(attributeName: "Language", attributeValue: "English",
            level: 4)])
        // Without a per-channel cell: PhoneConfig, as before.
        #expect(try Self.created([.tags: "a=b"]).outcome.get().channels.isEmpty)
    }

    @Test func aReSentCreateIsRecognisedOnlyWithItsChannelsAndTags() throws {
        let planned = try Self.created([.chatACW: "120", .tags: "team=blue"]).outcome.get()
        var found = ConnectUser(id: "u1", arn: "arn:u1", username: "jdoe", identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe"),
                                emailIsKnown: false, phoneConfig: ConnectPhoneConfig(phoneType: .softPhone, autoAccept: true,
                                    afterContactWorkTimeLimit: 30),
                                securityProfileIDs: planned.securityProfileIDs, routingProfileID: planned.routingProfileID, hierarchyGroupID: nil,
                                channels: planned.channels, tags: ["team": "blue"])
        #expect(CreateKind.matches(found, planned))
        found.channels[.chat]?.afterContactWorkSeconds = 0
        #expect(!CreateKind.matches(found, planned))
        found.channels = planned.channels
        found.tags = [:]
        #expect(!CreateKind.matches(found, planned))
        found.tags = ["team": "blue"]
        found.channels[.voice]?.voiceEnhancement = .voiceIsolation  // not sent: not compared
        #expect(CreateKind.matches(found, planned))
    }
}
