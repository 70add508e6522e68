import AWSCore
import ConnectClient
import Foundation
import Testing
import TestSupport

/// What the delete operations put on the wire, against the model (botocore
/// `connect/2017-08-08`): DeleteUser `DELETE /users/{InstanceId}/{UserId}`, DeleteQuickConnect
/// `DELETE /quick-connects/{InstanceId}/{QuickConnectId}`, SearchQuickConnects
/// `POST /search-quick-connects` with `InstanceId`, `MaxResults` (`MaxResult100`), `NextToken`.
@Suite struct ConnectHTTPClientDeleteWireTests {
    static let instance = ConnectHTTPClientWireTests.instance

    @Test func deleteUserAndDeleteQuickConnectAreBodilessDeletesAtTheModelsPaths() async throws {
        let (connect, transport) = try ConnectHTTPClientWireTests.client([ConnectHTTPClientWireTests.ok(""), ConnectHTTPClientWireTests.ok("{}")])
        try await connect.deleteUser(Self.instance, userID: "u-1")
        try await connect.deleteQuickConnect(Self.instance, quickConnectID: "q/1")
        #expect(transport.requests.map(\.method) == [.DELETE, .DELETE])
        #expect(transport.requests.map(\.url) == [
            "http://127.0.0.1:4566/users/\(Self.instance)/u-1",
            "http://127.0.0.1:4566/quick-connects/\(Self.instance)/q%2F1",
        ])
        #expect(transport.requests.allSatisfy { $0.body.isEmpty })
    }

    @Test func aDeleteIsNotSentAgainWhenItsAnswerCannotBeRead() async throws {
        let (connect, transport) = try ConnectHTTPClientWireTests.client([ConnectHTTPClientWireTests.html])
        let error = await #expect(throws: ConnectClientError.self) { try await connect.deleteUser(Self.instance, userID: "u") }
        #expect(error?.operation == "DeleteUser")
        #expect(transport.requests.count == 1)
    }

    @Test func deleteUserOfAMissingUserIsResourceNotFound() async throws {
        let (connect, _) = try ConnectHTTPClientWireTests.client([
            .respond(.connectError(404, "ResourceNotFoundException", "User not found")),
        ])
        let error = await #expect(throws: AWSError.self) { try await connect.deleteUser(Self.instance, userID: "u") }
        #expect(error?.connectCode == .resourceNotFound)
    }

    @Test func searchQuickConnectsPagesAtOneHundredAndReadsEachUserConfig() async throws {
        let (connect, transport) = try ConnectHTTPClientWireTests.client([
            ConnectHTTPClientWireTests.ok(#"""
            {"QuickConnects":[
              {"QuickConnectId":"q1","QuickConnectARN":"arn:q1","Name":"To jdoe",
               "QuickConnectConfig":{"QuickConnectType":"USER","UserConfig":{"UserId":"u-1","ContactFlowId":"f"}}},
              {"QuickConnectId":"q2","Name":"Sales queue",
               "QuickConnectConfig":{"QuickConnectType":"QUEUE","QueueConfig":{"QueueId":"qq","ContactFlowId":"f"}}}],
             "NextToken":"t2","ApproximateTotalCount":3}
            """#),
            ConnectHTTPClientWireTests.ok(#"""
            {"QuickConnects":[{"QuickConnectId":"q3","Name":"Desk",
               "QuickConnectConfig":{"QuickConnectType":"PHONE_NUMBER","PhoneConfig":{"PhoneNumber":"+12065550100"}}}]}
            """#),
        ])
        let quickConnects = try await connect.searchQuickConnects(Self.instance)
        #expect(quickConnects == [
            ConnectQuickConnect(id: "q1", name: "To jdoe", type: .user, userID: "u-1"),
            ConnectQuickConnect(id: "q2", name: "Sales queue", type: .queue),
            ConnectQuickConnect(id: "q3", name: "Desk", type: .phoneNumber),
        ])
        #expect(transport.requests.allSatisfy { $0.method == .POST && $0.url == "http://127.0.0.1:4566/search-quick-connects" })
        let bodies = try transport.requests.map(ConnectHTTPClientWireTests.json)
        #expect(bodies[0]["InstanceId"] as? String == Self.instance)
        #expect(bodies[0]["MaxResults"] as? Int == 100)
        #expect(bodies[0]["NextToken"] == nil)
        #expect(bodies[0]["SearchCriteria"] == nil)
        #expect(bodies[1]["NextToken"] as? String == "t2")
    }
}
