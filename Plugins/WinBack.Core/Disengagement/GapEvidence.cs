namespace WinBack.Core.Disengagement
{
    /// <summary>
    /// Which signals may flag a gap. A gap says the account is drifting, so it needs evidence that something changed
    /// or went wrong: logins that fell, a breach, a complaint, a lost deal, a champion gone. A standing fact describes
    /// where most accounts are on any day (no open opportunity right now, a renewal coming up, a high-priority case, a
    /// young account) and, alone, flagged the gap of nearly every account. Standing facts still weigh in the score
    /// and still show as reasons; they never flag a gap.
    /// </summary>
    public static class GapEvidence
    {
        /// <summary>True when the signal reads a standing fact, which adds points but never flags its gap.</summary>
        public static bool IsStandingFact(Signal signal)
        {
            switch (signal)
            {
                case Signal.NoOpenPipeline:
                case Signal.RenewalSoon:
                case Signal.CaseSeverity:
                case Signal.ShortTenure:
                case Signal.LowLogins:
                case Signal.LowActiveUsers:
                case Signal.LowUsage:
                case Signal.LowSpend:
                    return true;
                default:
                    return false;
            }
        }
    }
}
