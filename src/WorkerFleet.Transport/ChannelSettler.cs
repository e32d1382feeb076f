using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>
/// Acks and requeues the deliveries of one channel (a delivery can only be settled on the channel
/// that delivered it), from as many executor slots as finish at once. Acks are coalesced: those
/// that arrive while one flush runs go out together in the next, as one <c>multiple</c> ack for
/// every tag below the oldest delivery still open and single acks for the rest. On two cores an
/// ack frame per task cost the worker a socket send and the broker a frame each (a raw loop acking
/// every sixteenth delivery with <c>multiple</c> ran ~14% faster; docs/benchmarks.md, noop).
/// </summary>
/// <remarks>
/// A <c>multiple</c> ack of tag X settles every delivery of the channel up to X that the broker
/// still counts as unacked, and closes the channel (406) when X itself is not one of them. So a tag
/// stays open until a frame settling it has been written (the client writes a channel's frames in
/// order), flushes run one at a time, and a multiple ack only ever covers tags below the oldest open
/// one that it is not itself settling: a requeue in flight keeps its tag, and everything above it,
/// out of the multiple acks.
/// </remarks>
internal sealed class ChannelSettler(IChannel channel)
{
    private readonly Lock _gate = new();

    /// <summary>Delivered tags no frame has settled yet.</summary>
    private readonly SortedSet<ulong> _open = [];

    private List<ulong> _acksDue = [];
    private TaskCompletionSource _acksSent = NewFlush();
    private bool _flushing;

    public IChannel Channel => channel;

    /// <summary>Deliveries of this channel not yet acked or requeued (closing it would requeue them).</summary>
    public int Unsettled
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Counts a delivery handed out on this channel.</summary>
    public void Track(ulong deliveryTag)
    {
        lock (_gate)
        {
            _open.Add(deliveryTag);
        }
    }

    /// <summary>Acks the delivery with the next flush; completes when the frame that settles it was written.</summary>
    public Task AckAsync(ulong deliveryTag)
    {
        Task sent;
        lock (_gate)
        {
            _acksDue.Add(deliveryTag);
            sent = _acksSent.Task;
            if (_flushing)
            {
                return sent;
            }

            _flushing = true;
        }

        // On the thread pool, so the acks of the other slots finishing meanwhile (a journal batch's
        // settlements run one after another on its writer thread) join this flush.
        ThreadPool.UnsafeQueueUserWorkItem(static settler => _ = settler.FlushAsync(), this, preferLocal: false);
        return sent;
    }

    public async Task RequeueAsync(ulong deliveryTag)
    {
        try
        {
            await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
        }
        finally
        {
            // Settled, or the channel is gone and the broker requeued it: either way no longer ours.
            Close([deliveryTag]);
        }
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<ulong> due;
            TaskCompletionSource sent;
            lock (_gate)
            {
                if (_acksDue.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                (due, _acksDue) = (_acksDue, []);
                (sent, _acksSent) = (_acksSent, NewFlush());
            }

            Exception? failure = null;
            try
            {
                await SendAcksAsync(due);
            }
            catch (Exception ex)
            {
                // The channel is gone: the broker requeued what it held, so these are no longer ours either.
                failure = ex;
            }

            // Closed before the waiters go on, which may look at Unsettled.
            Close(due);
            if (failure is null)
            {
                sent.TrySetResult();
            }
            else
            {
                sent.TrySetException(failure);
            }
        }
    }

    private async Task SendAcksAsync(List<ulong> due)
    {
        due.Sort();
        var coalesced = CoalescibleCount(due);
        if (coalesced > 0)
        {
            await channel.BasicAckAsync(due[coalesced - 1], multiple: coalesced > 1);
        }

        foreach (var tag in due.Skip(coalesced))
        {
            await channel.BasicAckAsync(tag, multiple: false);
        }
    }

    /// <summary>How many of the (sorted) due tags lie below the oldest open tag that is not due: those one multiple ack may settle.</summary>
    private int CoalescibleCount(List<ulong> due)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var open in _open)
            {
                if (count == due.Count || open != due[count])
                {
                    break;
                }

                count++;
            }

            return count;
        }
    }

    private void Close(IEnumerable<ulong> deliveryTags)
    {
        lock (_gate)
        {
            _open.ExceptWith(deliveryTags);
        }
    }

    /// <summary>
    /// Waiters go on inline on the flushing thread, one after another (a settlement's tail is a few
    /// counters): a thread-pool item each is the per-task hop this class exists to save.
    /// </summary>
    private static TaskCompletionSource NewFlush() => new();
}
