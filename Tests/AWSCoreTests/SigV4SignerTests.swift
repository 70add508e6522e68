@testable import AWSCore
import Foundation
import TestSupport
import Testing

@Suite struct SigV4SignerTests {
    static let exampleCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let exampleDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// AWS's published SigV4 test suite, case `get-vanilla`: the whole Authorization header.
    @Test func awsTestSuiteGetVanilla() {
        let signer = SigV4Signer(credentials: Self.exampleCredentials, region: "us-east-1", service: "service")
        let signed = signer.signed(TransportRequest(method: .GET, url: "https://example.amazonaws.com/"), date: Self.exampleDate)
        #expect(signed.headers.first(name: "X-Amz-Date") == "20150830T123600Z")
        #expect(signed.headers.first(name: "Authorization") == """
            AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, \
            Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
            """)
    }

    @Test func stepsOfTheCanonicalRequest() {
        #expect(SigV4Signer.removeDotSegments("/a//b/./c/../d/") == "/a/b/d/")
        #expect(SigV4Signer.removeDotSegments("") == "/")
        #expect(SigV4Signer.removeDotSegments("/..") == "/")
        #expect(SigV4Signer.canonicalQuery("b=2&a=z&a=y&c&e=") == "a=y&a=z&b=2&c=&e=")
        #expect(SigV4Signer.canonicalQuery("k=%7e%2a&sp=a+b") == "k=~%2A&sp=a%2Bb")
        #expect(SigV4Signer.trimAll("  a \t  b   c ") == "a b c")
        let standard = SigV4Signer(credentials: Self.exampleCredentials, region: "us-east-1", service: "connect")
        #expect(standard.canonicalURI("/users/a%20b") == "/users/a%2520b")
        let s3 = SigV4Signer(credentials: Self.exampleCredentials, region: "us-east-1", service: "s3", flavor: .s3)
        #expect(s3.canonicalURI("/bucket/a%20b//c") == "/bucket/a%20b//c")
        #expect(RequestURL("http://127.0.0.1:4566/x?y=1").hostHeader == "127.0.0.1:4566")
        #expect(RequestURL("https://Example.COM:443/").hostHeader == "example.com")
        #expect(RequestURL("http://[::1]:8080").hostHeader == "[::1]:8080")
    }

    @Test func utcCalendarFields() {
        #expect(UTCDateTime(Self.exampleDate).sigV4Timestamp == "20150830T123600Z")
        #expect(UTCDateTime(Date(timeIntervalSince1970: 0)).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(UTCDateTime(Date(timeIntervalSince1970: 951_868_799)).rfc3339 == "2000-02-29T23:59:59Z")
        #expect(UTCDateTime(Date(timeIntervalSince1970: 4_107_542_400)).rfc3339 == "2100-03-01T00:00:00Z")
        #expect(UTCDateTime(Date(timeIntervalSince1970: -1)).rfc3339 == "1969-12-31T23:59:59Z")
    }

    @Test func sessionTokenAndS3PayloadHeaders() {
        let credentials = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token/+=")
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-2", service: "s3", flavor: .s3)
        var request = TransportRequest(method: .PUT, url: "https://b.s3.eu-west-2.amazonaws.com/k", body: Array("abc".utf8))
        request.headers.add(name: "Authorization", value: "stale")
        request.headers.add(name: "X-Amz-Date", value: "stale")
        let signed = signer.signed(request, date: Self.exampleDate)
        #expect(signed.headers["Authorization"].count == 1)
        #expect(signed.headers["X-Amz-Date"] == ["20150830T123600Z"])
        #expect(signed.headers.first(name: "X-Amz-Security-Token") == "token/+=")
        #expect(signed.headers.first(name: "x-amz-content-sha256") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(signed.headers.first(name: "Authorization")?.contains("""
            SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,
            """) == true)
    }

    // MARK: - botocore as the oracle

    struct OracleCase: Encodable, Sendable {
        var flavor: String
        var method: String
        var url: String
        var headers: [[String]]
        var bodyBase64: String
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?
        var region: String
        var service: String
        var time: Int

        var request: TransportRequest {
            TransportRequest(method: HTTPMethod(rawValue: method)!, url: url,
                        headers: HTTPHeaders(headers.map { ($0[0], $0[1]) }),
                        body: Array(Data(base64Encoded: bodyBase64)!))
        }
    }

    struct OracleResult: Decodable {
        var headers: [String: String]
        var canonicalRequest: String
    }

    /// Awkward text for paths, keys, query names and values: spaces, `+`, `%`, `~`, `/`, `=`,
    /// `&`, reserved punctuation and non-ASCII letters.
    static let alphabet: [String] = [
        "a", "Z", "0", "9", "-", "_", ".", "~", " ", "+", "%", "/", "=", "&", "?", "#", ":", "@", "!", "$",
        "'", "(", ")", "*", ",", ";", "[", "]", "é", "ß", "日本", "😀", "%20", "%2F",
    ]

    static func word(_ random: inout SeededRandom, length: ClosedRange<Int> = 1...8) -> String {
        (0..<Int.random(in: length, using: &random)).map { _ in random.pick(alphabet) }.joined()
    }

    static func makeCase(_ random: inout SeededRandom) -> OracleCase {
        let isS3 = random.chance(0.4)
        let method = random.pick(["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"])
        let host = random.pick(isS3
            ? ["https://agents.s3.eu-west-2.amazonaws.com", "https://s3.us-east-1.amazonaws.com", "http://127.0.0.1:4566", "http://localhost:80"]
            : ["https://connect.us-east-1.amazonaws.com", """
                https://Connect.EU-Central-1.amazonaws.com:443
                """, "http://127.0.0.1:8080", "http://[::1]:9000"])
        var path: String
        if isS3 {
            // Path-style or virtual-hosted; the key may hold `/`, and empty segments.
            let key = (0..<Int.random(in: 0...4, using: &random)).map { _ in word(&random) }.joined(separator: "/")
            path = (host.contains("agents.") ? "" : "/agents") + "/" + AWSURIEncoding.greedyLabel(key)
        } else {
            let segments = (0..<Int.random(in: 0...4, using: &random)).map { _ -> String in
                random.chance(0.1) ? random.pick([".", "..", ""]) : AWSURIEncoding.label(word(&random))
            }
            path = "/" + segments.joined(separator: "/")
            if random.chance(0.2) { path += "/" }
        }
        var query: [(name: String, value: String)] = []
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            let name = random.chance(0.3) && !query.isEmpty ? random.pick(query).name : word(&random, length: 1...4)
            query.append((name, random.chance(0.25) ? "" : word(&random)))
        }
        let url = host + path + (query.isEmpty ? "" : "?" + AWSURIEncoding.queryString(query))
        var headers: [[String]] = []
        let names = ["Content-Type", "X-Amz-Meta-Owner", "x-custom", "X-CUSTOM", "User-Agent", "X-Amzn-Trace-Id",
                     "Expect", "X-Amz-Target", "Accept", "Content-Length", "x-amz-meta-dup", "Transfer-Encoding"]
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let spaced = ["value", "  leading", "trailing  ", "in   between\t tabs", "a , b", "\tx\t", "Root=1-abc;Sampled=1",
                          "application/x-amz-json-1.1", "100-continue", "", "  many    inner   runs  "]
            headers.append([random.pick(names), random.pick(spaced)])
        }
        if random.chance(0.1) { headers.append(["Host", random.pick(["Example.com", "example.com:8443"])]) }
        let body: [UInt8] = random.chance(0.5) ? [] : (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255,
            using: &random) }
        return OracleCase(
            flavor: isS3 ? "s3" : "standard", method: method, url: url, headers: headers,
            bodyBase64: Data(body).base64EncodedString(),
            accessKeyID: random.pick(["AKIDEXAMPLE", "ASIAQEXAMPLE0000000"]),
            secretAccessKey: random.pick(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "s3cr3t+/=="]),
            sessionToken: random.chance(0.5) ? "IQoJb3JpZ2luX2VjE/+token==" + String(Int.random(in: 0...999, using: &random)) : nil,
            region: random.pick(["us-east-1", "eu-west-2", "ap-southeast-2"]),
            service: isS3 ? "s3" : "connect",
            time: Int.random(in: 946_684_800...2_208_988_800, using: &random))
    }

    /// 400 generated requests, signed by us and by botocore's `SigV4Auth` / `S3SigV4Auth` for
    /// the same credentials and moment: every header the signer sets must be byte-identical.
    @Test func matchesBotocoreOnGeneratedRequests() throws {
        var random = SeededRandom(seed: 0x5157_4E34)
        let cases = (0..<400).map { _ in Self.makeCase(&random) }
        let expected = try PythonOracle.run(script: "sigv4_oracle.py", input: cases, as: [OracleResult].self)
        #expect(expected.count == cases.count)
        var mismatches = 0
        for (index, (oracleCase, reference)) in zip(cases, expected).enumerated() {
            let signer = SigV4Signer(
                credentials: AWSCredentials(accessKeyID: oracleCase.accessKeyID, secretAccessKey: oracleCase.secretAccessKey,
                                            sessionToken: oracleCase.sessionToken),
                region: oracleCase.region, service: oracleCase.service, flavor: oracleCase.flavor == "s3" ? .s3 : .standard)
            let signed = signer.signed(oracleCase.request, date: Date(timeIntervalSince1970: Double(oracleCase.time)))
            var ours: [String: String] = [:]
            for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256"] {
                ours[name] = signed.headers.first(name: name)
            }
            if ours != reference.headers {
                mismatches += 1
                let payloadHash = Crypto.hex(Crypto.sha256(oracleCase.request.body))
                let canonical = signer.canonicalRequest(signed, payloadHash: payloadHash).text
                Issue.record("""
                    case \(index) \(oracleCase.method) \(oracleCase.url)\nours:      \(ours)\nbotocore:  \(reference.headers)\nour canonical \
                    request:\n\(canonical)\nbotocore's:\n\(reference.canonicalRequest)
                    """)
                if mismatches >= 3 { break }
            }
        }
        #expect(mismatches == 0)
    }
}
