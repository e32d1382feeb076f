using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkerFleet.Messaging;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Planning.Optimal;

var builder = FleetHost.CreateBuilder(args);
builder.Services.AddFleetBalancer(builder.Configuration);
builder.Services.AddSingleton<AllocationSolverFactory>(options => new CpSatAllocationSolver(options));
await builder.Build().RunAsync();
