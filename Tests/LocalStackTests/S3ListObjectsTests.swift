import AWSCore
import Foundation
@testable import LocalStack
import Testing

@Suite struct S3ListObjectsTests {
    /// One page: keys, common prefixes, and the raw result.
    struct Page {
        var keys: [String]
        var prefixes: [String]
        var result: AWSCore.XMLTree
        var token: String? { result.childText("NextContinuationToken") }
        var truncated: Bool { result.childText("IsTruncated") == "true" }
    }

    func list(_ f: S3Fixture, _ query: String) async throws -> Page {
        let response = await f.call("GET", "/agents", query: "list-type=2" + (query.isEmpty ? "" : "&" + query))
        #expect(response.status == 200)
        let result = try s3XML(response)
        return Page(keys: result.children("Contents").compactMap { $0.childText("Key") },
                    prefixes: result.children("CommonPrefixes").compactMap { $0.childText("Prefix") },
                    result: result)
    }

    func filled(_ keys: [String]) async -> S3Fixture {
        let f = S3Fixture()
        await f.call("PUT", "/agents")
        for key in keys {
            await f.call("PUT", "/agents/" + AWSURIEncoding.greedyLabel(key), body: key)
        }
        return f
    }

    @Test func keysInUTF8BinaryOrderWithContents() async throws {
        let f = await filled(["b", "a/b", "a-b", "Z", "é", "e\u{301}", "a"])
        let page = try await list(f, "")
        // '-' (0x2D) < '/' (0x2F); upper case before lower; precomposed and decomposed é are two keys.
        #expect(page.keys == ["Z", "a", "a-b", "a/b", "b", "e\u{301}", "é"])
        #expect(page.result.childText("Name") == "agents")
        #expect(page.result.childText("KeyCount") == "7")
        #expect(page.result.childText("MaxKeys") == "1000")
        #expect(!page.truncated)
        let first = try #require(page.result.children("Contents").first)
        #expect(first.childText("ETag") == quotedMD5("Z"))
        #expect(first.childText("Size") == "1")
        #expect(first.childText("StorageClass") == "STANDARD")
        #expect(first.childText("LastModified") == "2026-11-25T09:00:00.000Z")
        let missing = await f.call("GET", "/nobucket", query: "list-type=2")
        #expect(missing.status == 404)
        #expect(s3ErrorCode(missing) == "NoSuchBucket")
    }

    @Test func paginatesWithContinuationTokens() async throws {
        let f = await filled((0..<5).map { "many/\($0).csv" } + ["other.csv"])
        var keys: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await list(f,
                "prefix=many%2F&max-keys=2" + (token.map { "&continuation-token=" + AWSURIEncoding.percentEncode($0) } ?? ""))
            pages += 1
            keys += page.keys
            #expect(page.result.childText("KeyCount") == String(page.keys.count))
            #expect(page.result.childText("Prefix") == "many/")
            #expect(page.truncated == (page.token != nil))
            if let token { #expect(page.result.childText("ContinuationToken") == token) }
            token = page.token
        } while token != nil && pages < 10
        #expect(keys == (0..<5).map { "many/\($0).csv" })
        #expect(pages == 3)

        let after = try await list(f, "start-after=many%2F2.csv")
        #expect(after.keys == ["many/3.csv", "many/4.csv", "other.csv"])
        #expect(after.result.childText("StartAfter") == "many/2.csv")

        let bad = await f.call("GET", "/agents", query: "list-type=2&continuation-token=%21%21")
        #expect(bad.status == 400)
        #expect(s3ErrorCode(bad) == "InvalidArgument")
        let badMax = await f.call("GET", "/agents", query: "list-type=2&max-keys=ten")
        #expect(s3ErrorCode(badMax) == "InvalidArgument")
    }

    @Test func delimiterGroupsCommonPrefixesAcrossPages() async throws {
        let f = await filled(["create/a.csv", "create/b.csv", "failed/f1.csv.bak", "failed/f2.csv.bak", "readme.txt",
                              "update/u.csv", "update/deep/x.csv"])
        let all = try await list(f, "delimiter=%2F")
        #expect(all.keys == ["readme.txt"])
        #expect(all.prefixes == ["create/", "failed/", "update/"])
        #expect(all.result.childText("Delimiter") == "/")
        #expect(all.result.childText("KeyCount") == "4")

        // Two entries a page; a common prefix is one entry however many keys it holds.
        var entries: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await list(f, "delimiter=%2F&max-keys=2" + (token.map { "&continuation-token=" + AWSURIEncoding.percentEncode($0) } ?? ""))
            pages += 1
            entries += (page.keys + page.prefixes).sorted()
            token = page.token
        } while token != nil && pages < 10
        #expect(entries == ["create/", "failed/", "readme.txt", "update/"])
        #expect(pages == 2)

        let nested = try await list(f, "prefix=update%2F&delimiter=%2F")
        #expect(nested.keys == ["update/u.csv"])
        #expect(nested.prefixes == ["update/deep/"])
    }

    @Test func urlEncodingTypeEncodesKeysAsBotocoreDecodesThem() async throws {
        let f = await filled(["dir/a b+c (é).csv"])
        let page = try await list(f, "encoding-type=url&prefix=dir%2F&delimiter=%2F")
        #expect(page.result.childText("EncodingType") == "url")
        #expect(page.keys == ["dir/a+b%2Bc+%28%C3%A9%29.csv"])
        #expect(page.result.childText("Prefix") == "dir/")
        let bad = await f.call("GET", "/agents", query: "list-type=2&encoding-type=base64")
        #expect(bad.status == 400)
    }
}
