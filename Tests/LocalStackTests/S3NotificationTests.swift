import AWSCore
import Foundation
@testable import LocalStack
import Testing

@Suite struct S3NotificationTests {
    func configured() async -> S3Fixture {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        f.s3.configureNotifications([
            S3NotificationRule(id: "create-csv", bucket: "agents", prefix: "create/", suffix: ".csv"),
            S3NotificationRule(id: "update-csv", bucket: "agents", prefix: "update/", suffix: ".csv",
                               events: ["s3:ObjectCreated:Put"]),
        ])
        return f
    }

    @Test func onlyMatchingWritesSendOneEventEach() async throws {
        let f = await configured()
        await f.call("PUT", "/agents/create/x.csv", headers: ["X-Forwarded-For": "10.1.2.3"], body: "user login\nrroe\n")
        await f.call("PUT", "/agents/create/x.csv.bak", body: "user login\n")
        await f.call("PUT", "/agents/failed/failedActions-20261125T090000Z.csv.bak", body: "user login\n")
        await f.call("PUT", "/agents/other/x.csv", body: "user login\n")
        await f.call("PUT", "/agents/create/sub.csv/no", body: "x")
        #expect(f.events.withLock { $0.count } == 1)
        let records = f.records
        try #require(records.count == 1)
        let record = records[0]
        #expect(record["eventVersion"] as? String == "2.1")
        #expect(record["eventSource"] as? String == "aws:s3")
        #expect(record["awsRegion"] as? String == "us-east-1")
        #expect(record["eventTime"] as? String == "2026-11-25T09:00:00.250Z")
        #expect(record["eventName"] as? String == "ObjectCreated:Put")
        #expect((record["userIdentity"] as? [String: Any])?["principalId"] as? String != nil)
        #expect((record["requestParameters"] as? [String: Any])?["sourceIPAddress"] as? String == "10.1.2.3")
        let elements = try #require(record["responseElements"] as? [String: Any])
        #expect((elements["x-amz-request-id"] as? String)?.hasPrefix("REQ") == true)
        #expect(elements["x-amz-id-2"] as? String != nil)
        let s3 = try #require(record["s3"] as? [String: Any])
        #expect(s3["s3SchemaVersion"] as? String == "1.0")
        #expect(s3["configurationId"] as? String == "create-csv")
        let bucket = try #require(s3["bucket"] as? [String: Any])
        #expect(bucket["name"] as? String == "agents")
        #expect(bucket["arn"] as? String == "arn:aws:s3:::agents")
        #expect((bucket["ownerIdentity"] as? [String: Any])?["principalId"] as? String != nil)
        let object = try #require(s3["object"] as? [String: Any])
        #expect(object["key"] as? String == "create/x.csv")
        #expect(object["size"] as? Int == 16)
        #expect(object["eTag"] as? String == Crypto.hex(Crypto.md5(Array("user login\nrroe\n".utf8))))
        #expect((object["sequencer"] as? String)?.allSatisfy(\.isHexDigit) == true)
    }

    @Test func copiesSendObjectCreatedCopyWhereConfigured() async throws {
        let f = await configured()
        await f.call("PUT", "/agents/staging/a.csv", body: "a")
        await f.call("PUT", "/agents/create/a.csv", headers: ["x-amz-copy-source": "/agents/staging/a.csv"])
        // The update rule takes Put only.
        await f.call("PUT", "/agents/update/a.csv", headers: ["x-amz-copy-source": "/agents/staging/a.csv"])
        let names = f.records.map { $0["eventName"] as? String }
        #expect(names == ["ObjectCreated:Copy"])
        // A refused conditional write sends nothing.
        await f.call("PUT", "/agents/create/a.csv", headers: ["If-None-Match": "*"], body: "again")
        #expect(f.records.count == 1)
    }

    @Test func keysAreFormEncodedAsS3Does() async throws {
        let f = await configured()
        await f.call("PUT", "/agents/update/my%20agents%2B1%20%28%C3%A9%29.csv", body: "x")
        await f.call("PUT", "/agents/create/a~b%3Dc%26d%2Ce%27f%21.csv", body: "x")
        await f.call("PUT", "/agents/create/%E6%97%A5%E6%9C%AC/x_y-z.*.csv", body: "x")
        let keys = f.records.compactMap { ($0["s3"] as? [String: Any]).flatMap { ($0["object"] as? [String: Any])?["key"] as? String } }
        #expect(keys == [
            "update/my+agents%2B1+%28%C3%A9%29.csv",
            "create/a%7Eb%3Dc%26d%2Ce%27f%21.csv",
            "create/%E6%97%A5%E6%9C%AC/x_y-z.*.csv",
        ])
        // Filters match the raw key: the space and '+' are not seen encoded.
        f.s3.configureNotifications([S3NotificationRule(id: "spaces", bucket: "agents", prefix: "a b+")])
        await f.call("PUT", "/agents/a%20b%2Bc", body: "x")
        #expect(f.records.count == 4)
    }

    @Test func sequencersIncrease() async throws {
        let f = await configured()
        for index in 0..<5 {
            await f.call("PUT", "/agents/create/\(index).csv", body: "x")
            if index == 2 { f.advance(-10) } // a clock stepping back does not reorder them
        }
        await f.call("PUT", "/agents/create/0.csv", body: "again")
        let sequencers = f.records.compactMap { ($0["s3"] as? [String: Any]).flatMap { ($0["object"] as? [String: Any])?["sequencer"] as? String } }
        #expect(sequencers.count == 6)
        let width = sequencers.map(\.count).max() ?? 0
        let padded = sequencers.map { String(repeating: "0", count: width - $0.count) + $0 }
        #expect(padded == padded.sorted())
        #expect(Set(padded).count == 6)
    }

    @Test func rulesDecodeWithDefaults() throws {
        let rules = try JSONDecoder().decode([S3NotificationRule].self, from: Data(#"[{"id":"r","bucket":"b","prefix":"create/"}]"#.utf8))
        #expect(rules == [S3NotificationRule(id: "r", bucket: "b", prefix: "create/", suffix: "", events: ["s3:ObjectCreated:*"])])
    }
}
