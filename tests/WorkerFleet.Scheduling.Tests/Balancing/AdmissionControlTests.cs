using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Scheduling.Tests.Balancing;

public class AdmissionControlTests
{
    [Fact]
    public void TryAdmit_Admits_UpToUtilisationOne()
    {
        var admission = new AdmissionControl();

        var first = admission.TryAdmit(new PeriodicWorkload("billing", CostMs: 30, PeriodMs: 10), fleetCapacity: 4);
        var second = admission.TryAdmit(new PeriodicWorkload("alerts", CostMs: 10, PeriodMs: 10), fleetCapacity: 4);

        Assert.True(first.Admitted);
        Assert.Equal(0, first.UtilisationBefore);
        Assert.Equal(0.75, first.UtilisationAfter);
        Assert.True(second.Admitted);
        Assert.Equal(1.0, second.UtilisationAfter);
        Assert.Equal(1.0, admission.Utilisation(4));
        Assert.Equal(2, admission.Registered.Count);
    }

    [Fact]
    public void TryAdmit_Admits_WhenRoundingNoiseAloneExceedsTheBound()
    {
        var admission = new AdmissionControl();
        admission.TryAdmit(new PeriodicWorkload("a", 1, 10), 1);
        admission.TryAdmit(new PeriodicWorkload("b", 2, 10), 1);

        // 0.1 + 0.2 + 0.7 sums to 1.0000000000000002 in doubles.
        Assert.True(admission.TryAdmit(new PeriodicWorkload("c", 7, 10), 1).Admitted);
    }

    [Fact]
    public void TryAdmit_Rejects_WithTheUtilisationInTheReason_WhenBeyondTheBound()
    {
        var admission = new AdmissionControl();
        admission.TryAdmit(new PeriodicWorkload("billing", 6, 10), 1);

        var decision = admission.TryAdmit(new PeriodicWorkload("alerts", 5, 10), 1);

        Assert.False(decision.Admitted);
        Assert.Equal(0.6, decision.UtilisationBefore);
        Assert.Equal(1.1, decision.UtilisationAfter, 12);
        Assert.Contains("rejected alerts", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("0.6 -> 1.1", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("above the bound 1", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(0.6, admission.Utilisation(1));
    }

    [Fact]
    public void TryAdmit_Rejects_WhenALowerBoundIsGiven()
    {
        var admission = new AdmissionControl();

        var decision = admission.TryAdmit(new PeriodicWorkload("billing", 9, 10), 1, bound: 0.8);

        Assert.False(decision.Admitted);
        Assert.Empty(admission.Registered);
    }

    [Fact]
    public void TryAdmit_Rejects_WhenTheFleetHasNoCapacity()
    {
        var decision = new AdmissionControl().TryAdmit(new PeriodicWorkload("billing", 1, 10), 0);

        Assert.False(decision.Admitted);
        Assert.Equal(double.PositiveInfinity, decision.UtilisationAfter);
        Assert.Contains("no capacity", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAdmit_ReplacesTheWorkload_WhenItsNameIsRegistered()
    {
        var admission = new AdmissionControl();
        admission.TryAdmit(new PeriodicWorkload("billing", 8, 10), 1);

        var decision = admission.TryAdmit(new PeriodicWorkload("billing", 9, 10), 1);

        Assert.True(decision.Admitted);
        Assert.Equal(0.8, decision.UtilisationBefore);
        Assert.Equal(0.9, decision.UtilisationAfter, 12);
        Assert.Single(admission.Registered);
    }

    [Fact]
    public void Remove_FreesTheUtilisation_OfTheRemovedWorkload()
    {
        var admission = new AdmissionControl();
        admission.TryAdmit(new PeriodicWorkload("billing", 10, 10), 1);

        Assert.True(admission.Remove("billing"));
        Assert.False(admission.Remove("billing"));
        Assert.Equal(0, admission.Utilisation(1));
        Assert.True(admission.TryAdmit(new PeriodicWorkload("alerts", 10, 10), 1).Admitted);
    }

    [Fact]
    public void TryAdmit_Throws_WhenTheWorkloadIsMalformed()
    {
        var admission = new AdmissionControl();

        Assert.Throws<ArgumentOutOfRangeException>(() => admission.TryAdmit(new PeriodicWorkload("billing", 0, 10), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => admission.TryAdmit(new PeriodicWorkload("billing", 1, double.NaN), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => admission.TryAdmit(new PeriodicWorkload("billing", 1, 10), -1));
        Assert.Throws<ArgumentException>(() => admission.TryAdmit(new PeriodicWorkload("", 1, 10), 1));
    }
}
