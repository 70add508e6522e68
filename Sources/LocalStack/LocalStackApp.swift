import AWSCore
import Foundation

/// The whole local stack as one request → response function: admin paths, the Lambda Runtime
/// API, and the signed AWS services, with what AWS applies to every call (signature check,
/// the account's throttle, injected faults) and a call log.
///
/// Independent of the HTTP server, so its behaviour is tested without sockets; the server
/// target only adapts requests and responses.
public final class LocalStackApp: Sendable {
    public let configuration: LocalStackConfiguration
    public let seed: ConnectSeed
    public let connect: ConnectService
    public let s3: S3Service
    public let lambda: LambdaRuntimeService
    public let serviceQuotas: ServiceQuotasService
    public let throttle: ConnectThrottle
    public let faults: FaultPlan
    public let callLog = CallLog()
    let verifier: SigV4Verifier
    let now: @Sendable () -> Date

    /// What the server should do with a response.
    public enum Outcome: Sendable {
        case respond(TransportResponse)
        /// Close the connection without answering (an injected connection reset).
        case reset
    }

    /// - Throws: `ConnectSeedError` when the seed refers to something it does not define.
    public init(configuration: LocalStackConfiguration, seed: ConnectSeed = .defaultSeed,
                now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.configuration = configuration
        self.seed = seed
        self.now = now
        connect = try ConnectService(seed: seed, options: ConnectOptions(
            usersPerInstanceQuota: configuration.connect.usersPerInstanceQuota,
            searchLag: .milliseconds(configuration.connect.searchLagMs),
            creationLag: .milliseconds(configuration.connect.creationLagMs),
            searchChannelAfterContactWorkUnit: configuration.connect.searchChannelAfterContactWorkUnit, now: now))
        let lambda = LambdaRuntimeService(options: .init(
            functionName: configuration.lambda.functionName, region: seed.region, accountID: seed.accountID,
            timeout: .seconds(configuration.lambda.timeoutSeconds), maxRetries: configuration.lambda.maxRetries,
            retryDelay: .milliseconds(configuration.lambda.retryDelayMs)), now: now)
        self.lambda = lambda
        s3 = S3Service(region: seed.region, now: now, onEvent: { event in _ = lambda.invoke(payload: event) })
        for bucket in configuration.buckets { s3.ensureBucket(bucket) }
        s3.configureNotifications(configuration.notifications)
        let quotas = configuration.serviceQuotas
        let throttle = ConnectThrottle(configuration.throttle, scope: configuration.throttleScope,
                                       operations: configuration.operationThrottles, quota: { quotas.multiple(of: $0) })
        self.throttle = throttle
        serviceQuotas = ServiceQuotasService(settings: quotas, accountID: seed.accountID, region: seed.region,
                                             usersPerInstance: configuration.connect.usersPerInstanceQuota,
                                             scale: { throttle.settings.ratePerSecond / quotas.defaultRatePerSecond })
        faults = FaultPlan(configuration.faults)
        verifier = SigV4Verifier(keys: configuration.credentials, now: now)
    }

    /// The seeded instances, for people and tests to find their ids.
    public struct InstanceSummary: Codable, Sendable {
        public var id: String
        public var alias: String
        public var identityManagementType: String
    }

    public var instances: [InstanceSummary] {
        seed.instances.map {
            InstanceSummary(id: $0.id ?? ConnectSeed.instanceID(alias: $0.alias), alias: $0.alias,
                            identityManagementType: $0.identityManagementType)
        }
    }

    static func newRequestID() -> String { UUID().uuidString.lowercased() }

    public func respond(to request: LocalRequest) async -> Outcome {
        if request.path.hasPrefix("/_local/") { return .respond(await admin(request)) }
        // The call log's time is the arrival, as the throttle sees it, not the answer's: a
        // benchmark reads the pace from it, and handling time varies with the machine's load.
        let arrived = now()
        let requestID = Self.newRequestID()
        if request.path.hasPrefix("/2018-06-01/runtime/") {
            lambda.checkDeadlines()
            let operation = lambda.operation(for: request) ?? "Unknown"
            let response = await lambda.handle(request, operation: operation, requestID: requestID)
            log(request, arrived: arrived, service: "Lambda", operation: operation, response: response, fault: nil, requestID: requestID)
            return .respond(response)
        }
        let scope = request.headers.first(name: "Authorization").flatMap(SigV4Verifier.Authorization.init)
        let isConnect: Bool
        switch scope?.service {
        case "connect": isConnect = true
        case "s3": isConnect = false
        case "servicequotas": return await respondServiceQuotas(to: request, arrived: arrived, requestID: requestID)
        default:
            if request.headers.first(name: "X-Amz-Target")?.hasPrefix(ServiceQuotasService.targetPrefix) == true {
                return await respondServiceQuotas(to: request, arrived: arrived, requestID: requestID)
            }
            isConnect = connect.operation(for: request) != nil
        }
        let service: any LocalService = isConnect ? connect : s3
        let serviceName = isConnect ? "Connect" : "S3"
        let head = request.method == "HEAD"
        func fail(_ response: TransportResponse, _ operation: String, fault: String? = nil) -> Outcome {
            log(request, arrived: arrived, service: serviceName, operation: operation, response: response, fault: fault, requestID: requestID)
            return .respond(response)
        }
        guard let operation = service.operation(for: request) else {
            return fail(isConnect
                ? AWSErrorResponse.json(status: 404, type: "UnknownOperationException", message: """
                    No operation matches \(request.method) \(request.path)
                    """, requestID: requestID)
                : AWSErrorResponse.xml(status: 501, code: "NotImplemented", message: """
                    A header or path you provided implies functionality that is not implemented
                    """, requestID: requestID, head: head),
                "Unknown")
        }
        if configuration.verifySignatures, case .failure(let failure) = verifier.verify(request) {
            return fail(isConnect ? failure.connectResponse(requestID: requestID) : failure.s3Response(requestID: requestID, head: head), operation)
        }
        if isConnect && !throttle.tryAcquire(operation) {
            return fail(AWSErrorResponse.json(status: 429, type: "ThrottlingException", message: "Rate exceeded", requestID: requestID), operation)
        }
        var resetAfter = false
        var unreadable: FaultPlan.UnreadableBody?
        for fault in faults.faults(for: serviceName, operation: operation) {
            switch fault {
            case .latency(let delay):
                try? await Task.sleep(for: delay)
            case .internalError:
                return fail(isConnect
                    ? AWSErrorResponse.json(status: 500, type: "InternalServiceException", message: """
                        Request processing failed because of an error or failure with the service.
                        """, requestID: requestID)
                    : AWSErrorResponse.xml(status: 500, code: "InternalError", message: """
                        We encountered an internal error. Please try again.
                        """, requestID: requestID, head: head),
                    operation, fault: fault.name)
            case .unavailable:
                return fail(isConnect
                    ? AWSErrorResponse.json(status: 503, type: "ServiceUnavailableException",
                                            message: "The service is currently unavailable.", requestID: requestID)
                    : AWSErrorResponse.xml(status: 503, code: "ServiceUnavailable", message: "Please reduce your request rate.",
                                           requestID: requestID, head: head),
                    operation, fault: fault.name)
            case .reset:
                log(request, arrived: arrived, service: serviceName, operation: operation, response: nil, fault: fault.name, requestID: requestID)
                return .reset
            case .resetAfterProcessing:
                resetAfter = true
            case .unreadable(let body):
                unreadable = body
            }
        }
        let response = await service.handle(request, operation: operation, requestID: requestID)
        if resetAfter {
            log(request, arrived: arrived, service: serviceName, operation: operation, response: response,
                fault: "resetAfterProcessing", requestID: requestID)
            return .reset
        }
        if let unreadable, (200..<300).contains(response.status) {
            let fault = FaultPlan.Fault.unreadable(unreadable)
            return fail(Self.unreadable(response, unreadable, head: head), operation, fault: fault.name)
        }
        return fail(response, operation)
    }

    /// Service Quotas (AWS JSON 1.1): signature checked, never throttled; faults as configured
    /// for the service `ServiceQuotas`.
    private func respondServiceQuotas(to request: LocalRequest, arrived: Date, requestID: String) async -> Outcome {
        func answer(_ response: TransportResponse, _ operation: String, fault: String? = nil) -> Outcome {
            log(request, arrived: arrived, service: "ServiceQuotas", operation: operation, response: response, fault: fault, requestID: requestID)
            return .respond(response)
        }
        guard let operation = serviceQuotas.operation(for: request) else {
            return answer(AWSErrorResponse.json11(status: 400, type: "UnknownOperationException", message: """
                No operation matches \(request.headers.first(name: "X-Amz-Target") ?? "(no X-Amz-Target)")
                """, requestID: requestID), "Unknown")
        }
        if configuration.verifySignatures, case .failure(let failure) = verifier.verify(request) {
            let connectStyle = failure.connectResponse(requestID: requestID)
            let type = Self.errorCode(of: connectStyle) ?? "InvalidSignatureException"
            let message = (try? JSONSerialization.jsonObject(with: Data(connectStyle.body)) as? [String: String])?["Message"] ?? ""
            return answer(AWSErrorResponse.json11(status: connectStyle.status, type: type, message: message, requestID: requestID), operation)
        }
        for fault in faults.faults(for: "ServiceQuotas", operation: operation) {
            switch fault {
            case .latency(let delay): try? await Task.sleep(for: delay)
            case .internalError, .unavailable:
                return answer(AWSErrorResponse.json11(status: 500, type: "ServiceException", message: "Something went wrong.", requestID: requestID),
                              operation, fault: fault.name)
            case .reset, .resetAfterProcessing:
                log(request, arrived: arrived, service: "ServiceQuotas", operation: operation, response: nil, fault: fault.name, requestID: requestID)
                return .reset
            case .unreadable(let body):
                let response = await serviceQuotas.handle(request, operation: operation, requestID: requestID)
                return answer(Self.unreadable(response, body, head: false), operation, fault: fault.name)
            }
        }
        return answer(await serviceQuotas.handle(request, operation: operation, requestID: requestID), operation)
    }

    /// A 200 for work done, with a body the service model does not describe in place of the
    /// answer: what a proxy in the way, a cut stream re-framed by a gateway, or a service bug
    /// delivers. The answer's own headers (its request id) are kept; the server frames the new
    /// body (its `Content-Length` is the new body's).
    static func unreadable(_ response: TransportResponse, _ body: FaultPlan.UnreadableBody, head: Bool) -> TransportResponse {
        var headers = response.headers
        headers.remove(name: "Content-Type")
        headers.remove(name: "Content-Length")
        let bytes: [UInt8]
        switch body {
        case .empty:
            bytes = []
        case .html:
            headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
            bytes = Array("""
                <html><head><title>Service</title></head><body><h1>Request received</h1><p>Your request is being processed.</p></body></html>\n
                """.utf8)
        case .truncated:
            headers.add(name: "Content-Type", value: response.headers.first(name: "Content-Type") ?? "application/json")
            // At least one byte short; an answer without a body becomes the start of one.
            let full = response.body.isEmpty ? Array("{}".utf8) : response.body
            bytes = Array(full.prefix(max(1, min(full.count - 1, full.count / 2))))
        }
        return TransportResponse(status: 200, headers: headers, body: head ? [] : bytes)
    }

    private func log(_ request: LocalRequest, arrived: Date, service: String, operation: String, response: TransportResponse?,
                     fault: String?, requestID: String) {
        let code = response.flatMap { Self.errorCode(of: $0) }
        callLog.record(time: arrived, service: service, operation: operation, path: request.path, status: response?.status ?? 0,
                       errorCode: code, fault: fault, requestID: requestID)
    }

    /// The AWS error code of an error response, for the call log.
    static func errorCode(of response: TransportResponse) -> String? {
        guard response.status >= 300 else { return nil }
        if let type = response.headers.first(name: "x-amzn-ErrorType") {
            return String(type.prefix { $0 != ":" })
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], let type = object["__type"] as? String {
            return type
        }
        let text = response.text
        if let start = text.firstRange(of: "<Code>"), let end = text.firstRange(of: "</Code>"), start.upperBound <= end.lowerBound {
            return String(text[start.upperBound..<end.lowerBound])
        }
        return String(response.status)
    }
}
