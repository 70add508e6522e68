import AWSCore
import Foundation
@testable import LocalStack
import Testing

/// The "unreadable answer" fault: the operation is carried out, then answered 200 with a body
/// the model does not describe (empty, a web page, the JSON cut short), for the operations
/// named, set through the same admin path as the other faults.
@Suite struct UnreadableAnswerTests {
    static func app() throws -> LocalStackApp {
        var configuration = LocalStackConfiguration()
        configuration.verifySignatures = false
        configuration.throttle = .init(ratePerSecond: 1000, burst: 1000)
        return try LocalStackApp(configuration: configuration)
    }

    static func response(_ outcome: LocalStackApp.Outcome) -> TransportResponse? {
        if case .respond(let response) = outcome { return response }
        return nil
    }

    static func createUser(_ app: LocalStackApp, _ username: String) async -> TransportResponse? {
        let instance = app.instances[0].id
        let agent = ConnectSeed.securityProfileID(instanceID: instance, name: "Agent")
        let routing = ConnectSeed.routingProfileID(instanceID: instance, name: "Basic Routing Profile")
        let body = #"{"Username":"\#(username)","Password":"F@keP@ssw0rd","IdentityInfo":{"FirstName":"A","LastName":"B"},"PhoneConfig":{"PhoneType":"SOFT_PHONE"},"SecurityProfileIds":["\#(agent)"],"RoutingProfileId":"\#(routing)"}"#
        return response(await app.respond(to: LocalRequest(method: "PUT", path: "/users/\(instance)", body: Array(body.utf8))))
    }

    static func exists(_ app: LocalStackApp, _ username: String) -> Bool {
        app.connect.users(instanceID: app.instances[0].id).contains { $0.username == username }
    }

    static func configure(_ app: LocalStackApp, _ json: String) async -> TransportResponse? {
        response(await app.respond(to: LocalRequest(method: "PUT", path: "/_local/faults", body: Array(json.utf8))))
    }

    @Test func eachBodyIsAnsweredAfterTheWorkIsDone() async throws {
        let app = try Self.app()
        let configured = await Self.configure(app, #"{"unreadableRate": 1, "unreadableBodies": ["empty"], "operations": ["CreateUser"]}"#)
        #expect(configured?.status == 200)

        let empty = try #require(await Self.createUser(app, "empty1"))
        #expect(empty.status == 200)
        #expect(empty.body.isEmpty)
        #expect(empty.headers.first(name: "x-amzn-RequestId") != nil)
        #expect(Self.exists(app, "empty1"))

        _ = await Self.configure(app, #"{"unreadableRate": 1, "unreadableBodies": ["html"], "operations": ["CreateUser"]}"#)
        let html = try #require(await Self.createUser(app, "html1"))
        #expect(html.status == 200)
        #expect(html.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
        #expect(html.text.hasPrefix("<html>") && html.text.contains("</html>"))
        #expect(Self.exists(app, "html1"))

        _ = await Self.configure(app, #"{"unreadableRate": 1, "unreadableBodies": ["truncated"], "operations": ["CreateUser"]}"#)
        let truncated = try #require(await Self.createUser(app, "cut1"))
        #expect(truncated.status == 200)
        #expect(truncated.headers.first(name: "Content-Type") == "application/json")
        #expect(truncated.text.hasPrefix("{\"User"))
        #expect((try? JSONSerialization.jsonObject(with: Data(truncated.body))) == nil, "the JSON is cut short")
        #expect(Self.exists(app, "cut1"))

        let faults = app.callLog.all.filter { $0.operation == "CreateUser" }.map(\.fault)
        #expect(faults == ["unreadable.empty", "unreadable.html", "unreadable.truncated"])
        #expect(app.callLog.all.filter { $0.operation == "CreateUser" }.allSatisfy { $0.status == 200 && $0.errorCode == nil })
    }

    @Test func onlyTheOperationsNamedAndOnlyWhatSucceeded() async throws {
        let app = try Self.app()
        app.faults.reconfigure(.init(unreadableRate: 1, unreadableBodies: [.html], operations: ["CreateUser"]))
        // Another operation is answered as usual.
        let described = Self.response(await app.respond(to: LocalRequest(method: "GET", path: "/instance/\(app.instances[0].id)")))
        #expect(described?.status == 200)
        #expect(described?.headers.first(name: "Content-Type") == "application/json")
        #expect(described?.text.contains("\"Instance\"") == true)
        // A create that fails is answered as it failed: nothing was done to hide.
        _ = await Self.createUser(app, "twice")
        let again = try #require(await Self.createUser(app, "twice"))
        #expect(again.status == 409)
        #expect(again.headers.first(name: "x-amzn-ErrorType")?.hasPrefix("DuplicateResourceException") == true)
        #expect(app.callLog.all.map(\.fault) == [nil, "unreadable.html", nil])
        // An empty answer of an operation with no output members (an update) is the model's answer,
        // so an update's unreadable body is the truncated "{" or a page.
        #expect(LocalStackApp.unreadable(TransportResponse(status: 200), .truncated, head: false).text == "{")
    }

    @Test func settingsDecodeAndRepeat() throws {
        let settings = try JSONDecoder().decode(FaultPlan.Settings.self,
            from: Data(#"{"unreadableRate": 0.5, "operations": ["CreateUser"], "seed": 9}"#.utf8))
        #expect(settings == FaultPlan.Settings(unreadableRate: 0.5, operations: ["CreateUser"], seed: 9))
        #expect(settings.unreadableBodies == [.empty, .html, .truncated])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FaultPlan.Settings.self, from: Data(#"{"unreadableBodies": ["xml"]}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FaultPlan.Settings.self, from: Data(#"{"unreadableBodies": []}"#.utf8))
        }
        let plan = FaultPlan(settings)
        let draws = (0..<4_000).map { _ in plan.faults(for: "Connect", operation: "CreateUser") }
        let bodies = draws.compactMap { faults -> FaultPlan.UnreadableBody? in
            guard case .unreadable(let body)? = faults.first else { return nil }
            return body
        }
        #expect((1_800...2_200).contains(bodies.count))
        for body in FaultPlan.UnreadableBody.allCases { #expect(bodies.filter { $0 == body }.count > 500) }
        #expect((0..<100).allSatisfy { _ in plan.faults(for: "Connect", operation: "SearchUsers").isEmpty })
        #expect(plan.faults(for: "Connect").isEmpty, "an unknown operation is not one named")
        let again = FaultPlan(settings)
        #expect((0..<4_000).map { _ in again.faults(for: "Connect", operation: "CreateUser") } == draws)
    }
}
