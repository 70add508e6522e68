import AWSCore
import Foundation
@testable import LocalStack
import Testing

/// The local Service Quotas, and the Connect buckets that follow what it serves: one account.
@Suite struct ServiceQuotasServiceTests {
    static func list(_ app: LocalStackApp, _ operation: String, body: String = #"{"ServiceCode":"connect"}"#) async -> (Int, [String: Any]) {
        let request = LocalRequest(method: "POST", path: "/", headers: ["X-Amz-Target": "ServiceQuotasV20190624.\(operation)",
                                                                      "Content-Type": "application/x-amz-json-1.1"],
                                   body: Array(body.utf8))
        guard case .respond(let response) = await app.respond(to: request) else { return (0, [:]) }
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:])
    }

    static func rates(_ page: [String: Any]) -> [String: Double] {
        var rates: [String: Double] = [:]
        for quota in page["Quotas"] as? [[String: Any]] ?? [] {
            guard let metric = quota["UsageMetric"] as? [String: Any], let dimensions = metric["MetricDimensions"] as? [String: String],
                  let resource = dimensions["Resource"] else { continue }
            rates[resource] = quota["Value"] as? Double
        }
        return rates
    }

    @Test func awsDefaultsAreServedAndTheBucketsAreThem() async throws {
        let app = try LocalStackAppTests.app { $0.serviceQuotas.applied = ["CreateUser": 5] }
        let (status, defaults) = await Self.list(app, "ListAWSDefaultServiceQuotas")
        #expect(status == 200)
        let rates = Self.rates(defaults)
        #expect(rates["DescribeUser"] == 10 && rates["ListUserProficiencies"] == 10 && rates["SearchUsers"] == 2 && rates["CreateUser"] == 2)
        #expect(Self.rates(await Self.list(app, "ListServiceQuotas").1) == ["CreateUser": 5])
        // Burst 5 each, then the quota's rate: DescribeUser 10/s, CreateUser 5/s (applied), SearchUsers 2/s.
        for (operation, rate) in [("DescribeUser", 10), ("CreateUser", 5), ("SearchUsers", 2)] {
            #expect((0..<5).allSatisfy { _ in app.throttle.tryAcquire(operation) })
            #expect(!app.throttle.tryAcquire(operation))
            try await Task.sleep(for: .milliseconds(1000 / rate + 30))
            #expect(app.throttle.tryAcquire(operation), "\(operation) refills at \(rate)/s")
        }
    }

    @Test func theThrottlesRateScalesTheAccountAndUnpublishedLeavesItAlone() async throws {
        let fast = try LocalStackAppTests.app { $0.throttle.ratePerSecond = 20 }
        #expect(Self.rates(await Self.list(fast, "ListAWSDefaultServiceQuotas").1)["DescribeUser"] == 100)
        let none = try LocalStackAppTests.app { $0.serviceQuotas.published = false }
        #expect(Self.rates(await Self.list(none, "ListAWSDefaultServiceQuotas").1).isEmpty)
        #expect((0..<5).allSatisfy { _ in none.throttle.tryAcquire("DescribeUser") } && !none.throttle.tryAcquire("DescribeUser"))
    }

    @Test func deniedAndBadRequestsAnswerAsTheModelSays() async throws {
        let denied = try LocalStackAppTests.app { $0.serviceQuotas.denied = true }
        let (status, body) = await Self.list(denied, "ListServiceQuotas")
        #expect(status == 400 && body["__type"] as? String == "AccessDeniedException")
        let app = try LocalStackAppTests.app()
        #expect(await Self.list(app, "ListServiceQuotas", body: #"{"ServiceCode":"ec2"}"#).1["__type"] as? String == "NoSuchResourceException")
        #expect(await Self.list(app, "ListServiceQuotas", body: #"{"ServiceCode":"connect","MaxResults":101}"#).1["__type"] as? String
                == "IllegalArgumentException")
        let paged = await Self.list(app, "ListAWSDefaultServiceQuotas", body: #"{"ServiceCode":"connect","MaxResults":30}"#).1
        let token = try #require(paged["NextToken"] as? String)
        let rest = await Self.list(app, "ListAWSDefaultServiceQuotas", body: #"{"ServiceCode":"connect","NextToken":"\#(token)"}"#).1
        #expect((paged["Quotas"] as? [Any])?.count == 30 && rest["NextToken"] == nil && (rest["Quotas"] as? [Any])?.isEmpty == false)
        #expect(app.callLog.all.allSatisfy { $0.service == "ServiceQuotas" })
    }
}
