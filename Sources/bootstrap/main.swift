import AWSCore
import CurlTransport
import BulkEngine
import ConnectClient
import JSONLog
import LambdaRuntime
import S3Client
import ServiceQuotasClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

// bootstrap: the Lambda function, its own custom runtime (provided.al2023).
//
// Configuration is read once; a problem is reported to the Runtime API's init/error with a
// message that says what to set, and the process exits (Lambda shows the message).

let environment = EnvironmentVariables.process()
let logger = JSONLogger.fromEnvironment { environment[$0] }

struct Wiring {
    let job: JobRunner
    /// Where a scheduled export goes.
    let bucket: String?
}

func wire() throws -> Wiring {
    let configuration = try FunctionConfiguration(environment: environment)
    guard let credentials = try DefaultCredentialProvider(environment: environment).credentials() else {
        throw ConfigurationError("""
            no AWS credentials: Lambda sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from the function's role
            """)
    }
    let metrics = RunMetrics()
    let retryPolicy = RetryPolicy(maxRetries: configuration.numberOfRetries)
    // Connect's lanes slow down on a 429 and space the retry themselves: its backoff is short,
    // and a throttled call may try a few more times, each at a lower rate.
    var connectRetryPolicy = retryPolicy
    connectRetryPolicy.throttledBaseDelay = .milliseconds(100)
    connectRetryPolicy.extraThrottledRetries = 6
    let onRetry: @Sendable (AWSClient.RetryEvent) -> Void = { event in
        metrics.countRetry()
        var log = RowContext.logger ?? logger
        if log.minimumLevel > .warn { log.minimumLevel = .warn }
        log.warn("retrying", [
            "operation": .string(event.operation), "attempt": .int(event.attempt),
            "code": .string(FailureReason.code(of: event.error)), "line": .int(RowContext.line ?? 0),
            "delayMs": .int(Int(event.delay.wholeMilliseconds)),
        ])
    }
    // A lane per Connect operation, and a libcurl handle for each request on the wire at once,
    // so lanes send side by side.
    let lanes = Lanes(defaults: configuration.laneDefaults, overrides: configuration.apiRates, time: SystemTime())
    let pool = TransportPool { CurlHTTPClient() }
    let connect = AWSClient(
        service: .connect, region: configuration.region,
        endpoint: try AWSEndpoint.resolve(service: .connect, region: configuration.region, environment: environment),
        credentials: credentials,
        transport: PacedTransport(pool, lanes: lanes, metrics: metrics),
        retryPolicy: connectRetryPolicy, onRetry: onRetry)
    let s3 = AWSClient(
        service: .s3, region: configuration.region,
        endpoint: try AWSEndpoint.resolve(service: .s3, region: configuration.region, environment: environment),
        credentials: credentials, transport: CurlHTTPClient(), retryPolicy: retryPolicy, onRetry: onRetry)
    // Service Quotas: each lane at the account's quota, read at a job's start; not through
    // Connect's lanes (its own handle, unpaced, like S3's).
    let serviceQuotas = AWSClient(
        service: .serviceQuotas, region: configuration.region,
        endpoint: try AWSEndpoint.resolve(service: .serviceQuotas, region: configuration.region, environment: environment),
        credentials: credentials, transport: CurlHTTPClient(), retryPolicy: retryPolicy, onRetry: onRetry)
    return Wiring(job: JobRunner(connect: ConnectHTTPClient(client: connect), store: S3HTTPClient(client: s3),
                               instanceID: configuration.instanceID, metrics: metrics,
                               pace: CallPace(lanes),
                               maxDeletesPerFile: configuration.maxDeletesPerFile, maxInputBytes: configuration.maxInputBytes,
                               quotas: QuotaPacing(source: ServiceQuotasHTTPClient(client: serviceQuotas), lanes: lanes)),
                  bucket: configuration.bucket)
}

let runtime: CurlRuntimeAPIClient
do {
    runtime = try .fromEnvironment { environment[$0] }
} catch {
    logger.error("cannot reach the Lambda Runtime API: \(error)")
    exit(LambdaExitCode.runtimeAPIUnreachable)
}

let wiring: Wiring
do {
    wiring = try wire()
} catch {
    logger.error("configuration", ["reason": .string("\(error)")])
    exit(await LambdaRuntime.reportInitError(.functionConfiguration("\(error)"), client: runtime, logger: logger))
}

let status = await LambdaRuntime(client: runtime, logger: logger).run { invocation, context in
    let budget = InvocationBudget(requestID: context.requestID, deadlineMs: context.deadlineMs, time: context.time)
    let reports: [RunReport]
    switch try FunctionEvent(json: invocation.payload) {
    case .s3(let event):
        reports = try await RowContext.$logger.withValue(context.logger) {
            try await wiring.job.handle(event: event, invocation: budget, logger: context.logger)
        }
    case .scheduled(let event):
        guard let bucket = wiring.bucket else {
            throw ConfigurationError("a scheduled export needs BUCKET_NAME, the bucket to write it to (the template sets it)")
        }
        reports = [try await RowContext.$logger.withValue(context.logger) {
            try await wiring.job.handle(scheduled: event, bucket: bucket, invocation: budget, logger: context.logger)
        }]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Array(try encoder.encode(["results": reports]))
}
exit(status)
