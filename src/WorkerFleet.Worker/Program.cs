using Microsoft.Extensions.Hosting;
using WorkerFleet.Messaging;
using WorkerFleet.Runtime;

var builder = FleetHost.CreateBuilder(args);
builder.Services.AddFleetWorker(builder.Configuration);
await builder.Build().RunAsync();
