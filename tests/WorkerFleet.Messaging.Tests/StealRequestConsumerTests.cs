using MassTransit;
using WorkerFleet.Contracts;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;
using WorkerFleet.Tests.Shared;

namespace WorkerFleet.Messaging.Tests;

public class StealRequestConsumerTests
{
    private const int ThiefSlots = 4;

    [Fact]
    public async Task StealRequest_AnswersNothingToStealWithAReason_WhenStrategyIsNone()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.None });
        RecordFleet(h, Beats.Loaded("victim", readyNormal: 200), Beats.Idle("thief"));

        var response = await RequestAsync(h, "thief");

        Assert.True(response.Is(out Response<NothingToSteal>? nothing));
        Assert.Equal("thief", nothing.Message.ThiefId);
        Assert.Contains("None", nothing.Message.Reason, StringComparison.Ordinal);
        Assert.Equal(200, ReadyNormal(h, "victim"));
    }

    [Fact]
    public async Task StealRequest_OrdersTheLoadedWorkersTasks_WhenAdaptiveAndTheThiefIsIdle()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Adaptive });
        RecordFleet(h, Beats.Loaded("victim", readyNormal: 200), Beats.Idle("thief"));

        var response = await RequestAsync(h, "thief");

        Assert.True(response.Is(out Response<StealOrder>? answer));
        var order = answer.Message;
        Assert.Equal("thief", order.ThiefId);
        Assert.Equal("victim", order.VictimId);
        Assert.Equal("normal", order.Level);
        Assert.InRange(order.Count, 1, ThiefSlots);
        Assert.NotEqual(Guid.Empty, order.OrderId);
        Assert.Contains("victim victim", order.Reason, StringComparison.Ordinal);
        // The grant is booked at once: the victim's ready tasks drop until its next heartbeat.
        Assert.Equal(200 - order.Count, ReadyNormal(h, "victim"));
    }

    [Fact]
    public async Task StealRequest_SendsTheSecondRequestElsewhere_WhenTheFirstGrantWasBooked()
    {
        // Drains 1020 ms and 1010 ms: the first grant (4 tasks x 5 ms) puts "heavy" below "runner-up".
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Adaptive });
        RecordFleet(h, Beats.Loaded("heavy", readyNormal: 200), Beats.Loaded("runner-up", readyNormal: 198), Beats.Idle("thief"));

        var first = await RequestAsync(h, "thief");
        var second = await RequestAsync(h, "thief");

        Assert.True(first.Is(out Response<StealOrder>? firstOrder));
        Assert.True(second.Is(out Response<StealOrder>? secondOrder));
        Assert.Equal("heavy", firstOrder.Message.VictimId);
        Assert.Equal(ThiefSlots, firstOrder.Message.Count);
        Assert.Equal("runner-up", secondOrder.Message.VictimId);
        Assert.InRange(secondOrder.Message.Count, 1, ThiefSlots);
        Assert.Equal(200 - firstOrder.Message.Count, ReadyNormal(h, "heavy"));
        Assert.Equal(198 - secondOrder.Message.Count, ReadyNormal(h, "runner-up"));
        Assert.Equal(2, await h.Harness.Consumed.SelectAsync<StealRequest>().CountAsync());
    }

    [Fact]
    public async Task StealRequest_AnswersNothingToSteal_WhenTheThiefIsSuspect()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Steal });
        RecordFleet(h, Beats.Loaded("victim", readyNormal: 200), Beats.Idle("thief"));
        h.Picture.SetLifecycle("thief", WorkerLifecycleStates.Suspect);

        var response = await RequestAsync(h, "thief");

        Assert.True(response.Is(out Response<NothingToSteal>? nothing));
        Assert.False(string.IsNullOrEmpty(nothing.Message.Reason));
        Assert.Equal(200, ReadyNormal(h, "victim"));
    }

    [Fact]
    public async Task StealRequest_AnswersNothingToSteal_WhenAnUnknownThiefHasNoFreeSlot()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Steal });
        RecordFleet(h, Beats.Loaded("victim", readyNormal: 200));

        var response = await RequestAsync(h, "stranger", freeSlots: 0);

        Assert.True(response.Is(out Response<NothingToSteal>? _));
        Assert.Equal(200, ReadyNormal(h, "victim"));
    }

    [Fact]
    public async Task StealRequests_AreCountedByAnswer()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Steal });
        RecordFleet(h, Beats.Loaded("victim", readyNormal: 200), Beats.Idle("thief"));

        await RequestAsync(h, "thief");
        await RequestAsync(h, "stranger", freeSlots: 0);
        await RequestAsync(h, "stranger", freeSlots: 0);

        var scrape = await ScrapedMetrics.CollectAsync(h.Registry);
        Assert.Equal(1, scrape.Value("fleet_balancer_steal_requests_total", ("answer", "order")));
        Assert.Equal(2, scrape.Value("fleet_balancer_steal_requests_total", ("answer", "nothing")));
    }

    private static void RecordFleet(BalancerHarness h, params WorkerHeartbeat[] beats)
    {
        foreach (var beat in beats)
        {
            h.Picture.Record(beat, h.Clock.GetUtcNow());
        }
    }

    private static async Task<Response<StealOrder, NothingToSteal>> RequestAsync(BalancerHarness h, string thiefId, int freeSlots = ThiefSlots)
    {
        var client = h.Harness.GetRequestClient<StealRequest>();
        return await client.GetResponse<StealOrder, NothingToSteal>(
            new StealRequest { ThiefId = thiefId, FreeSlots = freeSlots, RequestedAt = h.Clock.GetUtcNow() });
    }

    private static long ReadyNormal(BalancerHarness h, string workerId) =>
        h.Picture.Loads().Single(w => w.WorkerId == workerId).ReadyAt(TaskLevel.Normal);
}
