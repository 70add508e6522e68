import AWSCore
import Foundation
@testable import LocalStack
import Synchronization
import Testing

/// A value shared with the service's closures.
final class S3Box<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

/// A settable clock and an event sink for the S3 stand-in.
final class S3Fixture: Sendable {
    let time = S3Box(Date(timeIntervalSince1970: 1_795_597_200.25)) // 2026-11-25T09:00:00.250Z
    let events = S3Box<[[UInt8]]>([])
    let s3: S3Service

    init() {
        let time = self.time
        let events = self.events
        s3 = S3Service(now: { time.withLock { $0 } }, onEvent: { bytes in events.withLock { $0.append(bytes) } })
    }

    func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }

    /// Every record of every event, decoded.
    var records: [[String: Any]] {
        events.withLock { $0 }.flatMap { bytes -> [[String: Any]] in
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            return (object?["Records"] as? [[String: Any]]) ?? []
        }
    }

    /// Finds the operation as the shell would, then runs it.
    @discardableResult
    func call(_ method: String, _ path: String, query: String = "", headers: HTTPHeaders = [:], body: String = "",
              sourceLocation: SourceLocation = #_sourceLocation) async -> TransportResponse {
        let request = LocalRequest(method: method, path: path, rawQuery: query, headers: headers, body: Array(body.utf8))
        guard let operation = s3.operation(for: request) else {
            Issue.record("no operation for \(method) \(path)?\(query)", sourceLocation: sourceLocation)
            return TransportResponse(status: 0)
        }
        return await s3.handle(request, operation: operation, requestID: "REQ\(Int.random(in: 1000...9999))")
    }
}

func s3XML(_ response: TransportResponse) throws -> AWSCore.XMLTree {
    try AWSCore.XMLTree.parse(response.body)
}

func s3ErrorCode(_ response: TransportResponse) -> String? {
    (try? s3XML(response))?.childText("Code")
}

func quotedMD5(_ text: String) -> String { "\"" + Crypto.hex(Crypto.md5(Array(text.utf8))) + "\"" }

@Suite struct S3ServiceTests {
    @Test func md5IsTheETagDigest() {
        #expect(Crypto.hex(Crypto.md5(Array("hello".utf8))) == "5d41402abc4b2a76b9719d911017c592")
        #expect(Crypto.hex(Crypto.md5([UInt8]())) == "d41d8cd98f00b204e9800998ecf8427e")
    }

    @Test func operationNamesFollowTheModel() {
        let s3 = S3Service()
        func name(_ method: String, _ path: String, _ query: String = "", _ headers: HTTPHeaders = [:]) -> String? {
            s3.operation(for: LocalRequest(method: method, path: path, rawQuery: query, headers: headers))
        }
        #expect(name("GET", "/") == "ListBuckets")
        #expect(name("PUT", "/b") == "CreateBucket")
        #expect(name("PUT", "/b/") == "CreateBucket")
        #expect(name("HEAD", "/b") == "HeadBucket")
        #expect(name("DELETE", "/b") == "DeleteBucket")
        #expect(name("GET", "/b", "list-type=2&prefix=a%2F&max-keys=2") == "ListObjectsV2")
        #expect(name("PUT", "/b/dir/k.csv") == "PutObject")
        #expect(name("PUT", "/b/dir/k.csv", "", ["x-amz-copy-source": "/b/other"]) == "CopyObject")
        #expect(name("GET", "/b/dir/k.csv") == "GetObject")
        #expect(name("GET", "/b/dir/k.csv", "x-id=GetObject") == "GetObject")
        #expect(name("HEAD", "/b/dir/k.csv") == "HeadObject")
        #expect(name("DELETE", "/b/dir/k.csv") == "DeleteObject")
        // Operations this stand-in does not have.
        #expect(name("GET", "/b") == nil) // ListObjects (v1)
        #expect(name("GET", "/b", "acl") == nil)
        #expect(name("PUT", "/b", "notification") == nil)
        #expect(name("POST", "/b/k", "uploads") == nil)
        #expect(name("PUT", "/b/k", "partNumber=1&uploadId=x") == nil)
        #expect(name("POST", "/") == nil)
    }

    @Test func bucketLifecycleAndErrors() async throws {
        let f = S3Fixture()
        let created = await f.call("PUT", "/agents")
        #expect(created.status == 200)
        #expect(created.headers.first(name: "Location") == "/agents")
        #expect(created.headers.first(name: "x-amz-request-id") != nil)
        let again = await f.call("PUT", "/agents")
        #expect(again.status == 409)
        #expect(s3ErrorCode(again) == "BucketAlreadyOwnedByYou")
        let invalid = await f.call("PUT", "/Bad_Name")
        #expect(invalid.status == 400)
        #expect(s3ErrorCode(invalid) == "InvalidBucketName")

        #expect(await f.call("HEAD", "/agents").status == 200)
        let missingHead = await f.call("HEAD", "/missing")
        #expect(missingHead.status == 404)
        #expect(missingHead.body.isEmpty)

        await f.call("PUT", "/zeta")
        let listed = try s3XML(await f.call("GET", "/"))
        #expect(listed.name == "ListAllMyBucketsResult")
        let buckets = listed.child("Buckets")?.children("Bucket") ?? []
        #expect(buckets.compactMap { $0.childText("Name") } == ["agents", "zeta"])
        #expect(buckets.first?.childText("CreationDate") == "2026-11-25T09:00:00.000Z")
        #expect(listed.child("Owner")?.childText("ID") != nil)

        await f.call("PUT", "/agents/create/x.csv", body: "x")
        let notEmpty = await f.call("DELETE", "/agents")
        #expect(notEmpty.status == 409)
        #expect(s3ErrorCode(notEmpty) == "BucketNotEmpty")
        #expect(await f.call("DELETE", "/agents/create/x.csv").status == 204)
        #expect(await f.call("DELETE", "/agents").status == 204)
        let gone = await f.call("DELETE", "/agents")
        #expect(gone.status == 404)
        #expect(s3ErrorCode(gone) == "NoSuchBucket")
        #expect(f.s3.bucketNames == ["zeta"])
    }

    @Test func objectRoundTrip() async throws {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        let put = await f.call("PUT", "/agents/create/agents.csv",
                               headers: ["Content-Type": "text/csv", "x-amz-meta-Uploaded-By": "rroe", "Cache-Control": "no-cache"],
                               body: "user login\nrroe\n")
        #expect(put.status == 200)
        #expect(put.headers.first(name: "ETag") == quotedMD5("user login\nrroe\n"))

        let got = await f.call("GET", "/agents/create/agents.csv")
        #expect(got.status == 200)
        #expect(got.text == "user login\nrroe\n")
        #expect(got.headers.first(name: "ETag") == put.headers.first(name: "ETag"))
        #expect(got.headers.first(name: "Content-Type") == "text/csv")
        #expect(got.headers.first(name: "Content-Length") == "16")
        #expect(got.headers.first(name: "Last-Modified") == "Wed, 25 Nov 2026 09:00:00 GMT")
        #expect(got.headers.first(name: "x-amz-meta-uploaded-by") == "rroe")
        #expect(got.headers.first(name: "Cache-Control") == "no-cache")

        let head = await f.call("HEAD", "/agents/create/agents.csv")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers.first(name: "Content-Length") == "16")
        #expect(head.headers.first(name: "ETag") == put.headers.first(name: "ETag"))
        #expect(head.headers.first(name: "x-amz-meta-uploaded-by") == "rroe")

        let defaultType = await f.call("PUT", "/agents/raw", body: "")
        #expect(defaultType.headers.first(name: "ETag") == "\"d41d8cd98f00b204e9800998ecf8427e\"")
        #expect(await f.call("GET", "/agents/raw").headers.first(name: "Content-Type") == "binary/octet-stream")

        let missing = await f.call("GET", "/agents/create/none.csv")
        #expect(missing.status == 404)
        #expect(s3ErrorCode(missing) == "NoSuchKey")
        #expect(try s3XML(missing).childText("Resource") == "/agents/create/none.csv")
        let missingHead = await f.call("HEAD", "/agents/create/none.csv")
        #expect(missingHead.status == 404)
        #expect(missingHead.body.isEmpty)
        let noBucket = await f.call("PUT", "/missing/k", body: "x")
        #expect(noBucket.status == 404)
        #expect(s3ErrorCode(noBucket) == "NoSuchBucket")
        #expect(s3ErrorCode(await f.call("GET", "/missing/k")) == "NoSuchBucket")

        #expect(await f.call("DELETE", "/agents/create/none.csv").status == 204)
        #expect(await f.call("DELETE", "/agents/create/agents.csv").status == 204)
        #expect(await f.call("GET", "/agents/create/agents.csv").status == 404)
    }

    @Test func conditionalWritesNeverOverwrite() async throws {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        let first = await f.call("PUT", "/agents/failed/f.csv.bak", headers: ["If-None-Match": "*"], body: "first")
        #expect(first.status == 200)
        let second = await f.call("PUT", "/agents/failed/f.csv.bak", headers: ["If-None-Match": "*"], body: "second")
        #expect(second.status == 412)
        #expect(s3ErrorCode(second) == "PreconditionFailed")
        #expect(await f.call("GET", "/agents/failed/f.csv.bak").text == "first")

        await f.call("PUT", "/agents/create/a.csv", body: "a")
        let copy = await f.call("PUT", "/agents/failed/f.csv.bak",
                                headers: ["x-amz-copy-source": "/agents/create/a.csv", "If-None-Match": "*"])
        #expect(copy.status == 412)
        #expect(await f.call("GET", "/agents/failed/f.csv.bak").text == "first")

        // If-Match: only over the named version.
        let stale = await f.call("PUT", "/agents/create/a.csv", headers: ["If-Match": "\"0123\""], body: "b")
        #expect(stale.status == 412)
        let current = await f.call("PUT", "/agents/create/a.csv", headers: ["If-Match": quotedMD5("a")], body: "b")
        #expect(current.status == 200)
        let unsupported = await f.call("PUT", "/agents/create/a.csv", headers: ["If-None-Match": quotedMD5("b")], body: "c")
        #expect(unsupported.status == 501)

        let badDigest = await f.call("PUT", "/agents/k", headers: ["Content-MD5": Data(Crypto.md5(Array("x".utf8))).base64EncodedString()], body: "y")
        #expect(s3ErrorCode(badDigest) == "BadDigest")
        let goodDigest = await f.call("PUT", "/agents/k", headers: ["Content-MD5": Data(Crypto.md5(Array("y".utf8))).base64EncodedString()],
            body: "y")
        #expect(goodDigest.status == 200)
    }

    @Test func copyObject() async throws {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        let put = await f.call("PUT", "/agents/create/a%20b%2Bc%20%C3%A9.csv",
                               headers: ["Content-Type": "text/csv", "x-amz-meta-origin": "upload"], body: "rows")
        #expect(f.s3.keys(in: "agents") == ["create/a b+c é.csv"])
        f.advance(5)
        let copied = await f.call("PUT", "/agents/create/a-20261125T090005Z.csv.bak",
                                  headers: ["x-amz-copy-source": "/agents/create/a%20b%2Bc%20%C3%A9.csv"])
        #expect(copied.status == 200)
        let result = try s3XML(copied)
        #expect(result.name == "CopyObjectResult")
        #expect(result.childText("ETag") == put.headers.first(name: "ETag"))
        #expect(result.childText("LastModified") == "2026-11-25T09:00:05.000Z")
        let got = await f.call("GET", "/agents/create/a-20261125T090005Z.csv.bak")
        #expect(got.text == "rows")
        #expect(got.headers.first(name: "Content-Type") == "text/csv")
        #expect(got.headers.first(name: "x-amz-meta-origin") == "upload")

        // Without the leading slash, and with REPLACE.
        let replaced = await f.call("PUT", "/agents/other.csv", headers: [
            "x-amz-copy-source": "agents/create/a%20b%2Bc%20%C3%A9.csv", "x-amz-metadata-directive": "REPLACE",
            "Content-Type": "text/plain",
        ])
        #expect(replaced.status == 200)
        let other = await f.call("HEAD", "/agents/other.csv")
        #expect(other.headers.first(name: "Content-Type") == "text/plain")
        #expect(other.headers.first(name: "x-amz-meta-origin") == nil)

        let missingKey = await f.call("PUT", "/agents/x", headers: ["x-amz-copy-source": "/agents/none"])
        #expect(missingKey.status == 404)
        #expect(s3ErrorCode(missingKey) == "NoSuchKey")
        let missingBucket = await f.call("PUT", "/agents/x", headers: ["x-amz-copy-source": "/nobucket/none"])
        #expect(s3ErrorCode(missingBucket) == "NoSuchBucket")
        let malformed = await f.call("PUT", "/agents/x", headers: ["x-amz-copy-source": "agents"])
        #expect(malformed.status == 400)
        #expect(s3ErrorCode(malformed) == "InvalidArgument")
    }

    @Test func awsChunkedUploadsStoreThePayload() async throws {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        let body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
        let put = await f.call("PUT", "/agents/k", headers: [
            "Content-Encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "x-amz-decoded-content-length": "11",
        ], body: body)
        #expect(put.status == 200)
        #expect(put.headers.first(name: "ETag") == quotedMD5("hello world"))
        let got = await f.call("GET", "/agents/k")
        #expect(got.text == "hello world")
        #expect(got.headers.first(name: "Content-Encoding") == nil)
        let broken = await f.call("PUT", "/agents/k2", headers: ["Content-Encoding": "aws-chunked"], body: "5\r\nhel")
        #expect(broken.status == 400)
    }

    @Test func timestampsAndDates() {
        let date = Date(timeIntervalSince1970: 1_795_597_200.25)
        #expect(S3Text.iso8601Milliseconds(date) == "2026-11-25T09:00:00.250Z")
        #expect(S3Text.httpDate(date) == "Wed, 25 Nov 2026 09:00:00 GMT")
        #expect(S3Text.httpDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(S3Text.httpDate(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }
}
