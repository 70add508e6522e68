/// The pace of Connect calls, per operation, that a plan's time is estimated at: the same
/// settings the lanes are made from (`Lanes.defaults` and `Lanes.overrides`).
package struct CallPace: Sendable, Equatable {
    package var defaults: LaneSettings
    package var overrides: [String: LaneSettings]

    package init(defaults: LaneSettings = LaneSettings(interval: .milliseconds(600)), overrides: [String: LaneSettings] = [:]) {
        self.defaults = defaults
        self.overrides = overrides
    }

    /// The pace of these lanes.
    package init(_ lanes: Lanes) {
        self.init(defaults: lanes.defaults, overrides: lanes.overrides)
    }

    /// Seconds between two calls of `operation` (zero when it is not paced).
    package func interval(of operation: String) -> Double { Self.interval(overrides[operation] ?? defaults) }

    func seconds(lookUps: Int, calls: [String: Int]) -> Double {
        let lanes = calls.map { operation, count in interval(of: operation) * Double(count) }
        return Self.interval(defaults) * Double(lookUps) + (lanes.max() ?? 0)
    }

    private static func interval(_ settings: LaneSettings) -> Double {
        settings.ratePerSecond.isFinite && settings.ratePerSecond > 0 ? 1 / settings.ratePerSecond : 0
    }
}
