import AWSCore
import ServiceQuotasClient
import TestSupport
import Testing

/// The Service Quotas client on the wire: AWS JSON 1.1 (`X-Amz-Target`, its content type),
/// signed for `servicequotas`, every page, the model's errors.
@Suite struct ServiceQuotasHTTPClientTests {
    static func page(_ names: [String], next: String?) -> TransportResponse {
        let quotas = names.map { #"{"QuotaName":"Rate of \#($0) API requests","Value":2,"UsageMetric":{"MetricDimensions":{"Type":"API","Resource":"\#($0)"}},"Period":{"PeriodValue":1,"PeriodUnit":"SECOND"}}"# }
        let token = next.map { #","NextToken":"\#($0)""# } ?? ""
        return TransportResponse(status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"],
                            body: Array(#"{"Quotas":[\#(quotas.joined(separator: ","))]\#(token)}"#.utf8))
    }

    @Test func everyPageIsReadAndEachRequestIsJSON11() async throws {
        let wire = ScriptedTransport([.respond(Self.page(["CreateUser"], next: "dG9rZW4=")), .respond(Self.page(["DescribeUser"], next: nil))])
        let client = ServiceQuotasHTTPClient(client: try TestAWS.client(.serviceQuotas, transport: wire))
        let quotas = try await client.listAWSDefaultServiceQuotas(serviceCode: "connect")
        #expect(quotas.map(\.quotaName) == ["Rate of CreateUser API requests", "Rate of DescribeUser API requests"])
        #expect(quotas.first?.usageMetric?.metricDimensions?["Resource"] == "CreateUser" && quotas.first?.period?.seconds == 1)
        let requests = wire.requests
        #expect(requests.count == 2)
        for request in requests {
            #expect(request.method == .POST && request.url == "http://127.0.0.1:4566/")
            #expect(request.headers.first(name: "X-Amz-Target") == "ServiceQuotasV20190624.ListAWSDefaultServiceQuotas")
            #expect(request.headers.first(name: "Content-Type") == "application/x-amz-json-1.1")
            #expect(request.headers.first(name: "Authorization")?.contains("/us-east-1/servicequotas/aws4_request") == true)
        }
        #expect(requests[0].text == #"{"MaxResults":100,"ServiceCode":"connect"}"# || requests[0].text.contains(#""ServiceCode":"connect""#))
        #expect(requests[1].text.contains(#""NextToken":"dG9rZW4=""#))
    }

    /// The variable the AWS SDKs name for it, and AWS's endpoint otherwise.
    @Test func itsEndpoint() throws {
        let region = try #require(AWSRegion("eu-west-2"))
        let own = try AWSEndpoint.resolve(service: .serviceQuotas, region: region, environment: EnvironmentVariables([
            "AWS_ENDPOINT_URL_SERVICE_QUOTAS": "http://127.0.0.1:9000", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"]))
        #expect(own.baseURL == "http://127.0.0.1:9000")
        #expect(try AWSEndpoint.resolve(service: .serviceQuotas, region: region, environment: EnvironmentVariables([:])).baseURL
                == "https://servicequotas.eu-west-2.amazonaws.com")
    }

    @Test func accessDeniedIsAnAWSErrorNotRetried() async throws {
        let denied = TransportResponse(status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
                                  body: Array(#"{"__type":"AccessDeniedException","Message":"not authorized to perform: servicequotas:ListServiceQuotas"}"#.utf8))
        let wire = ScriptedTransport([.respond(denied)])
        let client = ServiceQuotasHTTPClient(client: try TestAWS.client(.serviceQuotas, transport: wire))
        let error = await #expect(throws: AWSError.self) { _ = try await client.listServiceQuotas(serviceCode: "connect") }
        #expect(error?.code == "AccessDeniedException" && error?.service == "Service Quotas" && error?.operation == "ListServiceQuotas")
        #expect(error?.message.contains("servicequotas:ListServiceQuotas") == true)
        #expect(wire.requests.count == 1)
    }

    @Test func anUnreadableAnswerIsReadAgainThenSaidSo() async throws {
        let page = TransportResponse(status: 200, body: Array("<html>proxy</html>".utf8))
        let wire = ScriptedTransport([.respond(page), .respond(page)])
        let client = ServiceQuotasHTTPClient(client: try TestAWS.client(.serviceQuotas, transport: wire, maxRetries: 1))
        let error = await #expect(throws: ServiceQuotasClientError.self) { _ = try await client.listServiceQuotas(serviceCode: "connect") }
        #expect(error?.operation == "ListServiceQuotas")
        #expect(wire.requests.count == 2)
    }
}

extension TransportRequest {
    fileprivate var text: String { String(decoding: body, as: UTF8.self) }
}
