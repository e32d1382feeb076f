namespace WorkerFleet.Scheduling.Balancing;

/// <summary>Outcome of <see cref="AdmissionControl.TryAdmit"/>.</summary>
/// <param name="Admitted">Whether the workload was registered.</param>
/// <param name="UtilisationBefore">Fleet utilisation by the registered workloads before the request.</param>
/// <param name="UtilisationAfter">What it would be (or now is, when admitted) with the workload.</param>
/// <param name="Reason">Why, with the numbers, for the producer that asked and the logs.</param>
public sealed record AdmissionDecision(bool Admitted, double UtilisationBefore, double UtilisationAfter, string Reason);
