namespace WorkerFleet.Planning.Optimal;

/// <summary>Who enters the model: the k heaviest victims, the k lightest thieves, and whom each thief may take from.</summary>
internal static class CandidateChooser
{
    /// <summary>
    /// The k heaviest victims, the k lightest thieves that may take from one of them, and per thief
    /// the victims it may take from: null when every victim (no kind set, no pair cooling down), else
    /// their indices. Victims no chosen thief may take from are dropped, so that every worker in the
    /// model can move and the longest drain is taken over workers the plan can change.
    /// </summary>
    /// <param name="round">The round's ranked victims and thieves.</param>
    /// <param name="k">Candidates per side.</param>
    /// <param name="hasKindSet">Whether a worker takes only some kinds.</param>
    /// <param name="cooling">Workers in some pair that cools down.</param>
    /// <param name="mayMove">Whether a victim-thief pair may move work (kinds fit, not cooling down).</param>
    public static (List<AllocationCandidate> Victims, List<AllocationCandidate> Thieves, List<IReadOnlyList<int>?> Allowed) Choose(
        FleetRound round, int k, Func<string, bool> hasKindSet, IReadOnlySet<string> cooling, Func<AllocationCandidate, AllocationCandidate, bool> mayMove)
    {
        var topVictims = round.Victims.Take(k).ToList();
        var thieves = new List<AllocationCandidate>();
        var allowedTop = new List<List<int>?>();
        foreach (var thief in round.Thieves)
        {
            if (thieves.Count == k)
            {
                break;
            }

            // Most thieves take any kind and cool down with nobody: open, without a scan of the victims.
            if (!hasKindSet(thief.Id) && !cooling.Contains(thief.Id))
            {
                thieves.Add(thief);
                allowedTop.Add(null);
                continue;
            }

            var victimsOfThief = Enumerable.Range(0, topVictims.Count).Where(v => mayMove(topVictims[v], thief)).ToList();
            if (victimsOfThief.Count > 0)
            {
                thieves.Add(thief);
                allowedTop.Add(victimsOfThief.Count == topVictims.Count ? null : victimsOfThief);
            }
        }

        var kept = new bool[topVictims.Count];
        foreach (var victimsOfThief in allowedTop)
        {
            foreach (var v in victimsOfThief ?? Enumerable.Range(0, topVictims.Count))
            {
                kept[v] = true;
            }
        }

        // Renumber the thieves' lists for the victims kept; a list naming them all means open.
        var newIndex = new int[topVictims.Count];
        var victims = new List<AllocationCandidate>();
        for (var v = 0; v < topVictims.Count; v++)
        {
            newIndex[v] = victims.Count;
            if (kept[v])
            {
                victims.Add(topVictims[v]);
            }
        }

        var allowed = allowedTop
            .Select(victimsOfThief => victimsOfThief?.Select(v => newIndex[v]).ToList())
            .Select(victimsOfThief => victimsOfThief is null || victimsOfThief.Count == victims.Count ? null : (IReadOnlyList<int>)victimsOfThief)
            .ToList();
        return (victims, thieves, allowed);
    }
}
