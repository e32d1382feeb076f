using System.Security.Cryptography;
using System.Text;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>The saga correlation id of a worker: derived from its id, so every balancer agrees on it.</summary>
public static class WorkerKey
{
    public static Guid For(string workerId) => new(SHA256.HashData(Encoding.UTF8.GetBytes(workerId)).AsSpan(0, 16));
}
