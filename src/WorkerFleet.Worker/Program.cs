using Microsoft.Extensions.Hosting;
using WorkerFleet.Runtime;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddFleetWorker(builder.Configuration);
await builder.Build().RunAsync();
