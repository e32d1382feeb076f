using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Makes the solver of the `optimal` strategy for the settings in force. Registered by the host
/// (the balancer host registers CP-SAT), so the control plane does not carry OR-Tools' native
/// libraries into every worker. Without one, `optimal` plans greedily.
/// </summary>
public delegate IAllocationSolver AllocationSolverFactory(BalancingOptions options);
