using Microsoft.Extensions.Hosting;
using WorkerFleet.Messaging.Balancer;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddFleetBalancer(builder.Configuration);
await builder.Build().RunAsync();
