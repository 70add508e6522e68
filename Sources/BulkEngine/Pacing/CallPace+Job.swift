extension CallPace {
    /// This pace with each lane as the job set it (its quotas read, `API_RATES` over them),
    /// where the ledger has them: a plan's time at the rates the real run would go at.
    func ofJob(_ ledger: JobLedger) -> CallPace {
        guard let pace = ledger.pace else { return self }
        var job = self
        for (operation, lane) in pace {
            job.overrides[operation] = LaneSettings(ratePerSecond: lane.ratePerSecond ?? .infinity, burst: lane.burst)
        }
        return job
    }
}
