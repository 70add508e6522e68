import AWSCore
import Foundation
@testable import LocalStack
import Synchronization
import Testing

@Suite struct TokenBucketTests {
    final class SteppedTime: Sendable {
        let value = Mutex(Duration.zero)
        func advance(_ by: Duration) { value.withLock { $0 += by } }
        var now: Duration { value.withLock { $0 } }
    }

    @Test func burstThenSteadyRate() {
        let time = SteppedTime()
        let bucket = TokenBucket(.init(ratePerSecond: 2, burst: 5), now: { time.now })
        // A burst of 20 at one instant: exactly the 5 of the burst get through.
        #expect((0..<20).filter { _ in bucket.tryAcquire() }.count == 5)
        // Then 2 a second: one every 500 ms, never more.
        var admitted: [Duration] = []
        for _ in 0..<40 {
            time.advance(.milliseconds(100))
            if bucket.tryAcquire() { admitted.append(time.now) }
        }
        #expect(admitted == (1...8).map { .milliseconds(500 * $0) })
        // Idle time refills up to the burst and no further.
        time.advance(.seconds(60))
        #expect((0..<20).filter { _ in bucket.tryAcquire() }.count == 5)
    }

    @Test func reconfigureTakesEffectAtOnce() {
        let time = SteppedTime()
        let bucket = TokenBucket(.init(ratePerSecond: 2, burst: 5), now: { time.now })
        bucket.reconfigure(.init(ratePerSecond: 200, burst: 1))
        #expect(bucket.tryAcquire())
        #expect(!bucket.tryAcquire())
        time.advance(.milliseconds(5))
        #expect(bucket.tryAcquire())
    }
}

@Suite struct FaultPlanTests {
    @Test func settingsJSONNeedsOnlyTheMembersItChanges() throws {
        let settings = try JSONDecoder().decode(FaultPlan.Settings.self, from: Data(#"{"resetRate": 0.1, "seed": 7}"#.utf8))
        #expect(settings == FaultPlan.Settings(resetRate: 0.1, seed: 7))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FaultPlan.Settings.self, from: Data(#"{"resetRate": "often"}"#.utf8))
        }
    }

    @Test func ratesAndRepeatability() {
        let settings = FaultPlan.Settings(internalErrorRate: 0.1, unavailableRate: 0.1, resetRate: 0.05, latencyRate: 0.2, latencyMs: 30, seed: 42)
        let first = FaultPlan(settings)
        let draws = (0..<10_000).map { _ in first.faults(for: "Connect") }
        let count = { (name: String) in draws.filter { $0.contains { $0.name == name } }.count }
        #expect((800...1200).contains(count("InternalServiceException")))
        #expect((800...1200).contains(count("ServiceUnavailableException")))
        #expect((350...650).contains(count("reset") + count("resetAfterProcessing")))
        #expect(count("resetAfterProcessing") > 100 && count("reset") > 100)
        #expect((1700...2300).contains(count("latency")))
        #expect(first.faults(for: "S3").isEmpty)
        let again = FaultPlan(settings)
        #expect((0..<10_000).map { _ in again.faults(for: "Connect") } == draws)
    }
}

@Suite struct SigV4VerifierTests {
    static let key = SigV4Verifier.Key(accessKeyID: "AKIDLOCAL", secretAccessKey: "secret/key+1")
    static let sessionKey = SigV4Verifier.Key(accessKeyID: "ASIALOCAL", secretAccessKey: "other", sessionToken: "tok")
    static let moment = Date(timeIntervalSince1970: 1_764_000_000)
    static let verifier = SigV4Verifier(keys: [key, sessionKey], now: { moment })

    static func signed(_ key: SigV4Verifier.Key, service: String = "connect", method: HTTPMethod = .POST,
                       path: String = "/users/i-1/u%201/identity-info", query: String = "b=2&a=1",
                       body: String = "{}", at date: Date = moment) -> LocalRequest {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey,
            sessionToken: key.sessionToken),
                                 region: "us-east-1", service: service, flavor: service == "s3" ? .s3 : .standard)
        let request = signer.signed(TransportRequest(method: method, url: "http://127.0.0.1:4566\(path)?\(query)",
                                                headers: ["Content-Type": "application/json", "User-Agent": "test"],
                                                body: Array(body.utf8)), date: date)
        var headers = request.headers
        headers.add(name: "Host", value: "127.0.0.1:4566")
        return LocalRequest(method: method.rawValue, path: path, rawQuery: query, headers: headers, body: request.body)
    }

    @Test func acceptsGoodSignatures() throws {
        let connect = try Self.verifier.verify(Self.signed(Self.key)).get()
        #expect(connect.service == "connect")
        #expect(connect.accessKeyID == "AKIDLOCAL")
        #expect(try Self.verifier.verify(Self.signed(Self.sessionKey, service: "s3", method: .PUT, path: "/b/a%20b.csv")).get().service == "s3")
    }

    @Test func refusesWhatAWSRefuses() {
        var tampered = Self.signed(Self.key)
        tampered.body = Array("{\"x\":1}".utf8)
        #expect(Self.verifier.verify(tampered) == .failure(.signatureMismatch))
        var otherPath = Self.signed(Self.key)
        otherPath.path = "/users/i-1/u%202/identity-info"
        #expect(Self.verifier.verify(otherPath) == .failure(.signatureMismatch))
        let wrongSecret = SigV4Verifier.Key(accessKeyID: "AKIDLOCAL", secretAccessKey: "guess")
        #expect(Self.verifier.verify(Self.signed(wrongSecret)) == .failure(.signatureMismatch))
        #expect(Self.verifier.verify(Self.signed(.init(accessKeyID: "AKIDNOBODY", secretAccessKey: "x"))) == .failure(.unknownAccessKey))
        #expect(Self.verifier.verify(Self.signed(.init(accessKeyID: "ASIALOCAL", secretAccessKey: "other"))) == .failure(.invalidToken))
        let late = Self.signed(Self.key, at: Self.moment.addingTimeInterval(-301))
        #expect(Self.verifier.verify(late) == .failure(.expired(requestTime: "20251124T155459Z", serverTime: "20251124T160000Z")))
        #expect(Self.verifier.verify(LocalRequest(method: "GET", path: "/")) == .failure(.missingAuthentication))
        var noDate = Self.signed(Self.key)
        noDate.headers.remove(name: "X-Amz-Date")
        guard case .failure(.incompleteSignature) = Self.verifier.verify(noDate) else { Issue.record("no date accepted"); return }
        var s3Body = Self.signed(Self.key, service: "s3", method: .PUT, path: "/b/k")
        s3Body.body = Array("other".utf8)
        #expect(Self.verifier.verify(s3Body) == .failure(.payloadHashMismatch))
    }

    @Test func errorsAsEachServiceSendsThem() {
        let connect = SigV4Verifier.Failure.signatureMismatch.connectResponse(requestID: "r-1")
        #expect(connect.status == 403)
        #expect(connect.headers.first(name: "x-amzn-ErrorType")?.hasPrefix("InvalidSignatureException:") == true)
        let s3 = SigV4Verifier.Failure.unknownAccessKey.s3Response(requestID: "r-2", head: false)
        #expect(s3.status == 403)
        #expect(s3.text.contains("<Code>InvalidAccessKeyId</Code>"))
    }
}
