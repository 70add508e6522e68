import Base
import JSONLog

/// The custom runtime's loop: next, run the handler, post its response or error, again.
///
/// Generic over its client (as swift-aws-lambda-runtime's loop is), so tests pass a scripted
/// Runtime API. The loop ends only when it must: the Runtime API answers a 5xx (or anything it
/// never should) on `next`, `next` cannot be exchanged after `nextRetries` retries, a post is
/// answered with a 5xx, or the task is cancelled. A refused or failed post loses that one
/// report (logged at error level) and the loop goes on: Lambda times the invocation out.
package struct LambdaRuntime<Client: RuntimeAPIClient>: Sendable {
    package typealias Handler = (LambdaInvocation, LambdaContext) async throws -> [UInt8]

    package let client: Client
    package let logger: JSONLogger
    /// Retries of a `next` that could not be exchanged (refused, reset, ...) before giving up.
    package var nextRetries: Int
    /// The wait before the first retry; it doubles for each further one.
    package var retryBackoff: Duration
    let setTraceID: @Sendable (String?) -> Void
    let time: any TimeSource

    /// - Parameters:
    ///   - setTraceID: publishes the invocation's trace header (default: `_X_AMZN_TRACE_ID`).
    ///   - time: the wall clock of `LambdaContext.remainingTime()`, the wait between `next`
    ///     retries, and the invocation's measured duration.
    package init(
        client: Client,
        logger: JSONLogger,
        nextRetries: Int = 3,
        retryBackoff: Duration = .milliseconds(100),
        setTraceID: @escaping @Sendable (String?) -> Void = LambdaEnvironment.setTraceID,
        time: any TimeSource = SystemTime()
    ) {
        self.client = client
        self.logger = logger
        self.nextRetries = max(0, nextRetries)
        self.retryBackoff = retryBackoff
        self.setTraceID = setTraceID
        self.time = time
    }

    /// Runs invocations until the Runtime API says to stop; returns the process's exit code
    /// (`LambdaExitCode`), non-zero unless the task was cancelled.
    package func run(handler: Handler) async -> Int32 {
        var failures = 0
        while !Task.isCancelled {
            let invocation: LambdaInvocation
            do {
                invocation = try await client.next()
                failures = 0
            } catch is CancellationError {
                break
            } catch let error as RuntimeAPIError where error.shouldExit {
                logger.error("the Runtime API ended the loop", ["error": .string(error.description)])
                return LambdaExitCode.runtimeAPIFailure
            } catch let error as RuntimeAPIError where error.code == .invalidInvocation && error.requestID != nil {
                // An invocation that can be named but not run: say so to Lambda and go on.
                failures = 0
                logger.with(requestID: error.requestID).error("invalid invocation", ["error": .string(error.message)])
                if let exit = await report(requestID: error.requestID!, .failure(.invalidInvocation(error.message))) {
                    return exit
                }
                continue
            } catch {
                failures += 1
                guard failures <= nextRetries else {
                    logger.error("invocation/next failed too many times; exiting",
                                 ["attempts": .int(failures), "error": .string(String(describing: error))])
                    return LambdaExitCode.runtimeAPIUnreachable
                }
                let delay = retryBackoff * (1 << min(failures - 1, 10))
                logger.warn("invocation/next failed; retrying",
                            ["attempt": .int(failures), "delayMs": .int(Self.milliseconds(delay)),
                             "error": .string(String(describing: error))])
                do { try await time.sleep(for: delay) } catch { break }
                continue
            }
            if let exit = await handle(invocation, handler) { return exit }
        }
        logger.info("the runtime loop was cancelled")
        return LambdaExitCode.stopped
    }

    /// Reports that the function could not start, and returns the code to exit with
    /// (`LambdaExitCode.initError`) whether or not the report got through.
    package static func reportInitError(_ error: LambdaFunctionError, client: Client, logger: JSONLogger) async -> Int32 {
        logger.error("initialisation failed", ["errorType": .string(error.errorType), "errorMessage": .string(error.errorMessage)])
        do {
            try await client.initError(error)
        } catch {
            logger.error("could not report the initialisation error to the Runtime API",
                         ["error": .string(String(describing: error))])
        }
        return LambdaExitCode.initError
    }

    // MARK: - One invocation

    private enum Outcome {
        case success([UInt8])
        case failure(LambdaFunctionError)
    }

    /// Runs the handler and posts its outcome; a non-nil result ends the loop with that code.
    private func handle(_ invocation: LambdaInvocation, _ handler: Handler) async -> Int32? {
        setTraceID(invocation.traceID)
        let context = LambdaContext(invocation: invocation, logger: logger, time: time)
        let log = context.logger
        log.debug("invocation started", ["payloadBytes": .int(invocation.payload.count),
                                          "remainingMs": .int(Self.milliseconds(context.remainingTime()))])
        let start = time.uptime
        let outcome: Outcome
        do {
            outcome = .success(try await handler(invocation, context))
        } catch {
            outcome = .failure(LambdaFunctionError(reporting: error))
        }
        let elapsed = Self.milliseconds(time.uptime - start)
        switch outcome {
        case .success(let body):
            log.info("invocation finished", ["outcome": "success", "durationMs": .int(elapsed), "responseBytes": .int(body.count)])
        case .failure(let error):
            log.error("invocation failed", ["outcome": "error", "durationMs": .int(elapsed),
                                             "errorType": .string(error.errorType), "errorMessage": .string(error.errorMessage)])
        }
        return await report(requestID: invocation.requestID, outcome)
    }

    /// Posts an outcome. A failed post is logged at error level, never ignored; only a
    /// Runtime API that says the environment is broken ends the loop.
    private func report(requestID: String, _ outcome: Outcome) async -> Int32? {
        let log = logger.with(requestID: requestID)
        do {
            switch outcome {
            case .success(let body): try await client.respond(requestID: requestID, body: body)
            case .failure(let error): try await client.fail(requestID: requestID, error: error)
            }
            return nil
        } catch let error as RuntimeAPIError where error.shouldExit {
            log.error("the Runtime API ended the loop", ["error": .string(error.description)])
            return LambdaExitCode.runtimeAPIFailure
        } catch {
            let post: LogValue = if case .success = outcome { "response" } else { "error" }
            log.error("could not post the invocation's outcome; it is lost",
                      ["post": post, "error": .string(String(describing: error))])
            return nil
        }
    }

    static func milliseconds(_ duration: Duration) -> Int { Int(duration.wholeMilliseconds) }
}
