namespace WorkerFleet.Contracts;

/// <summary>The balancer's admission decision, with the utilisation before and after.</summary>
public sealed record AdmissionAnswered
{
    public required string Name { get; init; }

    public bool Admitted { get; init; }

    public double UtilisationBefore { get; init; }

    public double UtilisationAfter { get; init; }

    /// <summary>Total slots x speed of the accepting workers the decision used.</summary>
    public double FleetCapacity { get; init; }

    public string Reason { get; init; } = string.Empty;
}
