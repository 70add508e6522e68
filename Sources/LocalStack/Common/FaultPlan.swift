import AWSCore
import Synchronization

/// Faults injected into a service's answers, to test retries and the invariants under them.
/// Decided per request from a seeded generator, so a run can be repeated exactly.
public final class FaultPlan: Sendable {
    public struct Settings: Sendable, Equatable, Codable {
        /// Probability of a 500 `InternalServiceException`.
        public var internalErrorRate: Double
        /// Probability of a 503 `ServiceUnavailableException`.
        public var unavailableRate: Double
        /// Probability that the connection is closed without an answer: half of these before
        /// the operation runs, half after it ran (the work is done, the answer is lost, which is
        /// what makes a retried create meet its own user).
        public var resetRate: Double
        /// Probability that the operation is carried out and then answered 200 with a body the
        /// service model does not describe (one of `unreadableBodies`): the work is done, the
        /// answer cannot be read. An operation that fails is answered as it failed.
        public var unreadableRate: Double
        /// The bodies an unreadable answer may have, one picked per fault.
        public var unreadableBodies: [UnreadableBody]
        /// Probability of an added delay, and its length in milliseconds.
        public var latencyRate: Double
        public var latencyMs: Int
        /// The services the faults apply to (`Connect`, `S3`); the Runtime API never gets faults.
        public var services: [String]
        /// The operations the faults apply to, as the service model names them (`CreateUser`);
        /// empty: every operation of `services`.
        public var operations: [String]
        public var seed: UInt64

        public init(internalErrorRate: Double = 0, unavailableRate: Double = 0, resetRate: Double = 0,
                    unreadableRate: Double = 0, unreadableBodies: [UnreadableBody] = UnreadableBody.allCases,
                    latencyRate: Double = 0, latencyMs: Int = 0, services: [String] = ["Connect"],
                    operations: [String] = [], seed: UInt64 = 1) {
            self.internalErrorRate = internalErrorRate
            self.unavailableRate = unavailableRate
            self.resetRate = resetRate
            self.unreadableRate = unreadableRate
            self.unreadableBodies = unreadableBodies
            self.latencyRate = latencyRate
            self.latencyMs = latencyMs
            self.services = services
            self.operations = operations
            self.seed = seed
        }

        /// Members left out keep their defaults, so `{"resetRate": 0.1}` is a whole setting.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Settings()
            let bodies = try container.decodeIfPresent([UnreadableBody].self, forKey: .unreadableBodies) ?? defaults.unreadableBodies
            // No body to pick from would make an unreadable fault impossible to answer.
            guard !bodies.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .unreadableBodies, in: container, debugDescription: "name at least one body")
            }
            self.init(
                internalErrorRate: try container.decodeIfPresent(Double.self, forKey: .internalErrorRate) ?? defaults.internalErrorRate,
                unavailableRate: try container.decodeIfPresent(Double.self, forKey: .unavailableRate) ?? defaults.unavailableRate,
                resetRate: try container.decodeIfPresent(Double.self, forKey: .resetRate) ?? defaults.resetRate,
                unreadableRate: try container.decodeIfPresent(Double.self, forKey: .unreadableRate) ?? defaults.unreadableRate,
                unreadableBodies: bodies,
                latencyRate: try container.decodeIfPresent(Double.self, forKey: .latencyRate) ?? defaults.latencyRate,
                latencyMs: try container.decodeIfPresent(Int.self, forKey: .latencyMs) ?? defaults.latencyMs,
                services: try container.decodeIfPresent([String].self, forKey: .services) ?? defaults.services,
                operations: try container.decodeIfPresent([String].self, forKey: .operations) ?? defaults.operations,
                seed: try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed)
        }
    }

    /// What an unreadable 200 carries in place of the model's answer.
    public enum UnreadableBody: String, Sendable, Equatable, Codable, CaseIterable {
        /// Nothing (`Content-Length: 0`).
        case empty
        /// A web page (`Content-Type: text/html`), as a proxy or load balancer in the way sends.
        case html
        /// The operation's own answer cut short, with a `Content-Length` that matches the cut:
        /// a complete HTTP answer whose JSON (or XML) ends early.
        case truncated
    }

    public enum Fault: Sendable, Equatable {
        case internalError, unavailable, reset, resetAfterProcessing
        /// Carried out, then answered 200 with this body.
        case unreadable(UnreadableBody)
        case latency(Duration)

        public var name: String {
            switch self {
            case .internalError: "InternalServiceException"
            case .unavailable: "ServiceUnavailableException"
            case .reset: "reset"
            case .resetAfterProcessing: "resetAfterProcessing"
            case .unreadable(let body): "unreadable.\(body.rawValue)"
            case .latency: "latency"
            }
        }
    }

    private struct State {
        var settings: Settings
        var generator: SplitMix
    }

    private let state: Mutex<State>

    public init(_ settings: Settings = Settings()) {
        state = Mutex(State(settings: settings, generator: SplitMix(seed: settings.seed)))
    }

    public var settings: Settings { state.withLock { $0.settings } }

    public func reconfigure(_ settings: Settings) {
        state.withLock { $0 = State(settings: settings, generator: SplitMix(seed: settings.seed)) }
    }

    /// The faults for one request of `service` (its `operation`, when known): at most one
    /// failure, possibly after a delay.
    public func faults(for service: String, operation: String? = nil) -> [Fault] {
        state.withLock { state in
            let settings = state.settings
            guard settings.services.contains(service) else { return [] }
            if !settings.operations.isEmpty {
                guard let operation, settings.operations.contains(operation) else { return [] }
            }
            var faults: [Fault] = []
            if settings.latencyRate > 0, state.generator.unit() < settings.latencyRate {
                faults.append(.latency(.milliseconds(settings.latencyMs)))
            }
            let draw = state.generator.unit()
            if draw < settings.internalErrorRate {
                faults.append(.internalError)
            } else if draw < settings.internalErrorRate + settings.unavailableRate {
                faults.append(.unavailable)
            } else if draw < settings.internalErrorRate + settings.unavailableRate + settings.resetRate {
                faults.append(state.generator.unit() < 0.5 ? .reset : .resetAfterProcessing)
            } else if draw < settings.internalErrorRate + settings.unavailableRate + settings.resetRate + settings.unreadableRate {
                let bodies = settings.unreadableBodies.isEmpty ? UnreadableBody.allCases : settings.unreadableBodies
                let pick = bodies.count == 1 ? 0 : min(bodies.count - 1, Int(state.generator.unit() * Double(bodies.count)))
                faults.append(.unreadable(bodies[pick]))
            }
            return faults
        }
    }
}
