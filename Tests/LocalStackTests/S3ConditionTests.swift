import AWSCore
import Foundation
@testable import LocalStack
import Testing

/// The conditions a job's rename depends on, as S3 honours them: CopyObject's
/// `x-amz-copy-source-if-match` / `-if-none-match` (on the source) and DeleteObject's
/// `If-Match` (general purpose buckets, botocore's `DeleteObject.IfMatch`).
@Suite struct S3ConditionTests {
    static func fixture() async -> (S3Fixture, etag: String) {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        let put = await f.call("PUT", "/agents/create/agents.csv", body: "first upload")
        return (f, put.headers.first(name: "ETag") ?? "")
    }

    @Test func copySourceIfMatchCopiesOnlyThatVersion() async throws {
        let (f, first) = await Self.fixture()
        #expect(first == quotedMD5("first upload"))

        // The version named: copied (quoted or bare, as S3 takes both).
        let copied = await f.call("PUT", "/agents/create/agents-1.csv.bak",
                                  headers: ["x-amz-copy-source": "/agents/create/agents.csv", "x-amz-copy-source-if-match": first])
        #expect(copied.status == 200)
        #expect(f.s3.objectBody(bucket: "agents", key: "create/agents-1.csv.bak") == Array("first upload".utf8))
        let bare = await f.call("PUT", "/agents/create/agents-2.csv.bak", headers: [
            "x-amz-copy-source": "/agents/create/agents.csv",
            "x-amz-copy-source-if-match": String(first.dropFirst().dropLast()),
        ])
        #expect(bare.status == 200)

        // Uploaded again: the old version's copy is refused, nothing is written, no event.
        await f.call("PUT", "/agents/create/agents.csv", body: "second upload")
        let events = f.records.count
        let refused = await f.call("PUT", "/agents/create/agents-3.csv.bak", headers: [
            "x-amz-copy-source": "/agents/create/agents.csv", "x-amz-copy-source-if-match": first, "If-None-Match": "*",
        ])
        #expect(refused.status == 412)
        #expect(s3ErrorCode(refused) == "PreconditionFailed")
        #expect(f.s3.objectBody(bucket: "agents", key: "create/agents-3.csv.bak") == nil)
        #expect(f.records.count == events)
        #expect(f.s3.objectBody(bucket: "agents", key: "create/agents.csv") == Array("second upload".utf8))

        // A missing source is NoSuchKey, whatever the condition.
        let missing = await f.call("PUT", "/agents/x.bak",
                                   headers: ["x-amz-copy-source": "/agents/none.csv", "x-amz-copy-source-if-match": first])
        #expect(missing.status == 404)
        #expect(s3ErrorCode(missing) == "NoSuchKey")
    }

    @Test func copySourceIfNoneMatchAndTheDateConditions() async throws {
        let (f, first) = await Self.fixture()
        let refused = await f.call("PUT", "/agents/copy.csv",
                                   headers: ["x-amz-copy-source": "/agents/create/agents.csv", "x-amz-copy-source-if-none-match": first])
        #expect(refused.status == 412)
        #expect(s3ErrorCode(refused) == "PreconditionFailed")
        let other = await f.call("PUT", "/agents/copy.csv", headers: [
            "x-amz-copy-source": "/agents/create/agents.csv", "x-amz-copy-source-if-none-match": quotedMD5("another"),
        ])
        #expect(other.status == 200)
        // Not modelled, so refused rather than ignored.
        for name in ["x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since"] {
            var headers: HTTPHeaders = ["x-amz-copy-source": "/agents/create/agents.csv"]
            headers.add(name: name, value: "Wed, 21 Oct 2015 07:28:00 GMT")
            let answer = await f.call("PUT", "/agents/dated.csv", headers: headers)
            #expect(answer.status == 501)
            #expect(s3ErrorCode(answer) == "NotImplemented")
        }
        #expect(f.s3.objectBody(bucket: "agents", key: "dated.csv") == nil)
    }

    @Test func deleteIfMatchDeletesOnlyThatVersion() async throws {
        let (f, first) = await Self.fixture()
        await f.call("PUT", "/agents/create/agents.csv", body: "second upload")
        let refused = await f.call("DELETE", "/agents/create/agents.csv", headers: ["If-Match": first])
        #expect(refused.status == 412)
        #expect(s3ErrorCode(refused) == "PreconditionFailed")
        #expect(f.s3.objectBody(bucket: "agents", key: "create/agents.csv") == Array("second upload".utf8))

        let deleted = await f.call("DELETE", "/agents/create/agents.csv", headers: ["If-Match": quotedMD5("second upload")])
        #expect(deleted.status == 204)
        #expect(f.s3.keys(in: "agents") == [])
        // With If-Match a missing object is NoSuchKey; without, deleting it succeeds.
        let gone = await f.call("DELETE", "/agents/create/agents.csv", headers: ["If-Match": first])
        #expect(gone.status == 404)
        #expect(s3ErrorCode(gone) == "NoSuchKey")
        #expect(await f.call("DELETE", "/agents/create/agents.csv").status == 204)
        // `*` matches any version.
        await f.call("PUT", "/agents/k", body: "x")
        #expect(await f.call("DELETE", "/agents/k", headers: ["If-Match": "*"]).status == 204)
        // Directory buckets' conditions are not modelled: refused rather than ignored.
        await f.call("PUT", "/agents/k", body: "x")
        let sized = await f.call("DELETE", "/agents/k", headers: ["x-amz-if-match-size": "1"])
        #expect(sized.status == 501)
        #expect(f.s3.keys(in: "agents") == ["k"])
    }
}
