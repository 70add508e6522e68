@testable import BulkEngine
import ConnectClient
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The export's rows: each cell is what the sheet's parser reads back as the same value, and a
/// value the template would refuse or a spreadsheet would run is left empty and named.
@Suite struct ExportRowTests {
    static let reference = InstanceReference(
        identityManagementType: .connectManaged,
        securityProfiles: [ConnectNamedResource(id: "sp-agent", arn: "arn:sp-agent", name: "Agent"),
                           ConnectNamedResource(id: "sp-manager", arn: "arn:sp-manager", name: "CallCenterManager")],
        routingProfiles: [ConnectNamedResource(id: "rp-basic", arn: "arn:rp-basic", name: "Basic Routing Profile")],
        hierarchyGroups: [ConnectHierarchyGroup(id: "g-east", arn: "arn:g-east", name: "Eastern", path: ["technical support", "IT", "Eastern"])],
        predefinedAttributes: ["Language": ["English", "Spanish"]])

    static let user = ConnectUser(
        id: "u-1", arn: "arn:u-1", username: "jdoe",
        identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "jdoe@example.com",
                                          secondaryEmail: "jane@example.org", mobile: "+12065550100"),
        emailIsKnown: true,
        phoneConfig: ConnectPhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 30, deskPhoneNumber: "+12145550198"),
        securityProfileIDs: ["sp-manager", "sp-agent"], routingProfileID: "rp-basic", hierarchyGroupID: "g-east",
        channels: [
            .voice: ConnectChannelConfig(autoAccept: true, agentFirstCallbackAutoAccept: false, afterContactWorkSeconds: 30,
                                         agentFirstCallbackAfterContactWorkSeconds: 5, phoneType: .deskPhone, phoneNumber: "+12145550198",
                                         persistentConnection: true, voiceEnhancement: .noiseSuppression),
            .chat: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 60),
        ],
        tags: ["team": "blue", "site": "austin"])

    static let proficiencies = [ConnectUserProficiency(attributeName: "Language", attributeValue: "Spanish", level: 2),
                                ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 5)]

    func write(_ user: ConnectUser, proficiencies: [ConnectUserProficiency]? = Self.proficiencies) -> ExportRowWriter.Row? {
        var writer = ExportRowWriter(reference: Self.reference)
        return writer.row(user, identityRead: true, proficiencies: proficiencies, line: 2)
    }

    func cells(_ row: ExportRowWriter.Row) -> [AgentColumn: String] {
        Dictionary(uniqueKeysWithValues: zip(AgentColumn.allCases, row.fields).filter { !$0.1.isEmpty })
    }

    /// What update/ would do with the row: its changes against the same user.
    func updates(_ row: ExportRowWriter.Row, _ user: ConnectUser,
        proficiencies: [ConnectUserProficiency] = Self.proficiencies) throws -> [UserUpdate] {
        var checker = RowChecker(reference: Self.reference)
        let sheetRow = AgentRow(record: CSVRecord(line: 2, fields: row.fields), columnIndices: Array(AgentColumn.allCases.indices),
                                headerCount: AgentColumn.allCases.count)
        let changes = try checker.changes(sheetRow, duplicateLines: []).get()
        return try UserDiff.updates(from: user, to: changes, proficiencies: proficiencies, identity: .connectManaged).get()
    }

    @Test func everySettingIsWrittenInTheTemplatesOwnWords() throws {
        let row = try #require(write(Self.user))
        #expect(row.blanked.isEmpty)
        #expect(cells(row) == [
            .firstName: "Jane", .lastName: "Doe", .email: "jdoe@example.com", .userLogin: "jdoe",
            .routingProfile: "Basic Routing Profile", .securityProfiles: "Agent|CallCenterManager", .phoneType: "desk",
            .phoneNumber: "+12145550198", .autoAccept: "yes", .hierarchy: "technical support/IT/Eastern",
            .secondaryEmail: "jane@example.org", .mobile: "+12065550100", .tags: "site=austin|team=blue", .voiceACW: "30",
            .chatAutoAccept: "no", .chatACW: "60", .callbackAutoAccept: "no", .callbackACW: "5", .persistentConnection: "yes",
            .voiceEnhancement: "noise suppression", .proficiencies: "Language:English:5|Language:Spanish:2",
        ])
        #expect(try updates(row, Self.user).isEmpty)
    }

    @Test func noGroupNoTagsAndNoProficienciesAreWrittenAsNone() throws {
        var user = Self.user
        user.hierarchyGroupID = nil
        user.tags = [:]
        let row = try #require(write(user, proficiencies: []))
        #expect(cells(row)[.hierarchy] == "(none)" && cells(row)[.tags] == "(none)" && cells(row)[.proficiencies] == "(none)")
        #expect(try updates(row, user, proficiencies: []).isEmpty)
    }

    @Test func aValueASpreadsheetWouldRunIsLeftEmptyAndNamed() throws {
        var user = Self.user
        user.identityInfo.firstName = "=HYPERLINK(\"http://x\")"
        user.identityInfo.lastName = "Tab\there"
        user.tags = ["-x": "1", "team": "blue"]
        let row = try #require(write(user))
        #expect(cells(row)[.firstName] == nil && cells(row)[.lastName] == nil)
        #expect(cells(row)[.tags] == "team=blue|-x=1")
        #expect(Set(row.blanked.map(\.0)) == [.firstName, .lastName])
        #expect(row.blanked.allSatisfy { $0.1 == .unsafe })
        for (column, value) in zip(AgentColumn.allCases, row.fields) where column != .phoneNumber && column != .mobile {
            #expect(SheetText.formulaLead(of: value) == nil, "\(column)")
        }
        #expect(try updates(row, user).isEmpty)
    }

    @Test func whatWouldNotReadBackIsLeftEmpty() throws {
        var user = Self.user
        // A key with '=' reads back as another key; a level with a fraction has no cell form.
        user.tags = ["a=b": "c"]
        user.routingProfileID = "rp-deleted"
        let row = try #require(write(user, proficiencies: [ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 2.5)]))
        #expect(cells(row)[.tags] == nil && cells(row)[.routingProfile] == nil && cells(row)[.proficiencies] == nil)
        let why = Dictionary(uniqueKeysWithValues: row.blanked.map { ($0.0, $0.1) })
        #expect(why == [.tags: .notReadBack, .routingProfile: .unknownName, .proficiencies: .notReadBack])
    }

    @Test func aLoginASpreadsheetWouldRunLeavesTheUserOut() {
        var user = Self.user
        user.username = "@admin"
        #expect(write(user) == nil)
    }

    @Test func aSAMLInstanceGetsNoEmailAndAnUnreadIdentityNoIdentityCells() throws {
        var reference = Self.reference
        reference.identityManagementType = .saml
        var writer = ExportRowWriter(reference: reference)
        let samlRow = writer.row(Self.user, identityRead: true, proficiencies: Self.proficiencies, line: 2)
        let saml = try #require(samlRow)
        #expect(cells(saml)[.email] == nil && cells(saml)[.secondaryEmail] == "jane@example.org" && saml.blanked.isEmpty)
        var managed = ExportRowWriter(reference: Self.reference)
        let unreadRow = managed.row(Self.user, identityRead: false, proficiencies: nil, line: 2)
        let unread = try #require(unreadRow)
        #expect(cells(unread)[.email] == nil && cells(unread)[.mobile] == nil && cells(unread)[.proficiencies] == nil)
        #expect(Set(unread.blanked.map(\.0)) == [.email, .secondaryEmail, .mobile, .proficiencies])
    }
}

@Suite struct CellWriterTests {
    @Test func eachWriterIsTheInverseOfItsParser() throws {
        for value in [true, false] { #expect(FieldRules.yesNo(CellWriter.yesNo(value)) == value) }
        for type in [ConnectPhoneConfig.PhoneType.softPhone, .deskPhone] { #expect(FieldRules.phoneType(CellWriter.phoneType(type)) == type) }
        for mode in [ConnectVoiceEnhancement.none, .noiseSuppression, .voiceIsolation] {
            #expect(FieldRules.voiceEnhancement(CellWriter.voiceEnhancement(mode))?.connect == mode)
        }
        for seconds in [0, 30, 2_000_000] { #expect(FieldRules.acwTimeout(CellWriter.seconds(seconds)) == seconds) }
        for tags in [[:], ["team": "blue"], ["a": "x=y", "cost center": "cc-1", "b": ""]] {
            #expect(try RowChecker.parseTags(CellWriter.tags(tags)).get() == tags)
        }
        #expect(FieldRules.hierarchyPath(CellWriter.hierarchy(["a", "b c"])) == ["a", "b c"])
        #expect(FieldRules.isNoHierarchy(CellWriter.hierarchy(nil)))
        #expect(CellWriter.proficiencies([]) == "(none)")
    }

    @Test func phoneNumbersAreNotFormulasButEverythingElseBeginningSoIs() {
        #expect(!CellWriter.isUnsafe("+12145550198", column: .phoneNumber))
        #expect(!CellWriter.isUnsafe("+12145550198", column: .mobile))
        for value in ["=1", "+1", "-1", "@a", " =1", "a\tb", "a\u{85}"] { #expect(CellWriter.isUnsafe(value, column: .firstName), "\(value)") }
        #expect(CellWriter.isUnsafe("+1\n", column: .mobile))
    }
}

@Suite struct ExportEventTests {
    @Test func eventBridgesScheduledEventIsRead() throws {
        // AWS's example (EventBridge User Guide, "Schedule expressions"): the shape a rule sends.
        let json = #"{"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"2015-10-08T16:53:06Z","region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"],"detail":{}}"#
        let event = try #require(ScheduledEvent(json: Array(json.utf8)))
        #expect(event.id == "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa")
        #expect(event.timeMs == 1_444_323_186_000)
        #expect(event.resources == ["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"])
        #expect(try FunctionEvent(json: Array(json.utf8)) == .scheduled(event))
        #expect(ScheduledEvent.milliseconds(iso8601: "2015-10-08T16:53:06.5Z") == 1_444_323_186_500)
        #expect(ScheduledEvent.milliseconds(iso8601: "2015-10-08T16:53:06.123456+00:00") == 1_444_323_186_123)
        #expect(ScheduledEvent.milliseconds(iso8601: "2015-10-08 16:53:06Z") == nil)
    }

    @Test func anotherEventIsNotOneAndNeitherIsAnythingElse() throws {
        let s3 = #"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"agents"},"object":{"key":"export/now"}}}]}"#
        #expect(ScheduledEvent(json: Array(s3.utf8)) == nil)
        #expect(try FunctionEvent(json: Array(s3.utf8)) == .s3(S3Event(json: Array(s3.utf8))))
        let custom = #"{"id":"1","detail-type":"Something","source":"my.app","time":"2015-10-08T16:53:06Z"}"#
        #expect(ScheduledEvent(json: Array(custom.utf8)) == nil)
        #expect(throws: S3Event.Malformed.self) { try FunctionEvent(json: Array(custom.utf8)) }
    }

    @Test func anyObjectInExportAsksForAnExportButTheFunctionsOwn() {
        #expect(InputRoute(key: "export/now") == .export)
        #expect(InputRoute(key: "export/team/please.txt") == .export)
        #expect(InputRoute(key: "export/now.part2-0123456789abcdef.csv") == .export)
        #expect(InputRoute(key: "export/now-20261202T020000.000Z.csv.bak") == .ignore(reason: "a processed export request (.bak)"))
        #expect(InputRoute(key: "export/") == .ignore(reason: "a folder marker, not a request for an export"))
        #expect(InputRoute(key: "exports/agents-20261202T020000.000Z.csv") != .export)
    }

    @Test func anExportIsNamedByTheJobsStart() {
        let names = OutputNames(inputKey: "export/now", at: Date(timeIntervalSince1970: 1_444_323_186.5))
        #expect(names.export() == "exports/agents-20151008T165306.500Z.csv")
        #expect(names.export(attempt: 2) == "exports/agents-20151008T165306.500Z-2.csv")
    }
}
