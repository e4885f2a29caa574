using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Tests;

public class JobBoardTests
{
    private static TrainingJob Job(string id) => new(id, new JobCell("cell", "wall-robot", null, "fp", 1, "m/et", 0, 0), "et", 0,
        new FoldSpec(0, 5, true, true), new JobRows([], [], []), "real");

    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Jobs_are_leased_in_order_and_a_result_counts_once()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add([Job("a"), Job("b")], "cell-1");
        var a = board.LeaseNext("w1", T0.AddSeconds(10))!.Value;
        Assert.Equal("a", a.Job.JobId);
        Assert.Equal((1, 1), (board.Pending, board.Leased));
        Assert.Equal((true, "cell-1"), board.Complete("a", a.LeaseId, "w1"));
        Assert.False(board.Complete("a", a.LeaseId, "w1").Accepted);
        Assert.Equal(1L, board.Completed);
    }

    [Fact]
    public void An_expired_lease_goes_back_to_pending_and_its_late_result_is_ignored()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add([Job("a")], "cell");
        var first = board.LeaseNext("w1", T0.AddSeconds(10))!.Value;
        Assert.Equal(1, board.Expire(T0.AddSeconds(11)));
        Assert.Equal(1, board.Pending);
        Assert.Equal(1L, board.Interruptions);
        var second = board.LeaseNext("w2", T0.AddSeconds(30))!.Value;
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        Assert.False(board.Complete("a", first.LeaseId, "w1").Accepted);   // the old worker's late result
        Assert.True(board.Complete("a", second.LeaseId, "w2").Accepted);
    }

    [Fact]
    public void Renewed_leases_do_not_expire()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add([Job("a")], "cell");
        var lease = board.LeaseNext("w1", T0.AddSeconds(10))!.Value;
        Assert.True(board.Renew("a", lease.LeaseId, "w1", T0.AddSeconds(20)));
        Assert.Equal(0, board.Expire(T0.AddSeconds(15)));
        Assert.Equal(1, board.Leased);
        Assert.False(board.Renew("a", lease.LeaseId ^ 1, "w1", T0.AddSeconds(99)));
    }

    [Fact]
    public void A_job_gives_up_after_max_attempts_with_its_last_error()
    {
        var board = new JobBoard<string, string>(maxAttempts: 2);
        board.Add([Job("a")], "cell");
        var l1 = board.LeaseNext("w", T0)!.Value;
        Assert.Null(board.Fail("a", l1.LeaseId, "w", "boom 1"));
        var l2 = board.LeaseNext("w", T0)!.Value;
        var gaveUp = board.Fail("a", l2.LeaseId, "w", "boom 2");
        Assert.NotNull(gaveUp);
        Assert.Equal("boom 2", gaveUp!.Error);
        Assert.Equal(2, gaveUp.Attempts);
        Assert.Equal("cell", gaveUp.Owner);
        Assert.Equal(0, board.Pending + board.Leased);
    }

    [Fact]
    public void A_lost_worker_releases_its_leases_first_in_line()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add([Job("a"), Job("b"), Job("c")], "cell");
        board.LeaseNext("w1", T0.AddMinutes(1));
        board.LeaseNext("w2", T0.AddMinutes(1));
        Assert.Equal(1, board.ReleaseWorker("w1"));
        Assert.Equal(2, board.Pending);
        Assert.Equal("a", board.LeaseNext("w3", T0.AddMinutes(1))!.Value.Job.JobId);
    }

    [Fact]
    public void Resubmitted_jobs_and_removed_owners()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add([Job("a")], "cell-1");
        board.Add([Job("a")], "cell-1");
        board.Add([Job("b")], "cell-2");
        Assert.Equal(2, board.Pending);
        board.RemoveOwner("cell-1");
        Assert.Equal(1, board.Pending);
        Assert.Equal("b", board.LeaseNext("w", T0)!.Value.Job.JobId);
    }

    [Fact]
    public void Infrastructure_interruptions_never_exhaust_a_job_but_failures_do()
    {
        var board = new JobBoard<string, string>(maxAttempts: 2);
        board.Add([Job("a")], "cell");
        // Ten expiries, lost workers and hand-backs: none counts as an attempt.
        for (int i = 0; i < 10; i++)
        {
            var l = board.LeaseNext("w" + i, T0.AddSeconds(1))!.Value;
            switch (i % 3)
            {
                case 0: Assert.Equal(1, board.Expire(T0.AddSeconds(2))); break;
                case 1: Assert.Equal(1, board.ReleaseWorker("w" + i)); break;
                default: Assert.True(board.Return("a", l.LeaseId, "w" + i)); break;
            }
        }
        Assert.Equal(10L, board.Interruptions);
        Assert.Equal(1, board.Pending);
        // Job exceptions still give up after max-attempts.
        var f1 = board.LeaseNext("w", T0.AddMinutes(1))!.Value;
        Assert.Null(board.Fail("a", f1.LeaseId, "w", "boom"));
        var f2 = board.LeaseNext("w", T0.AddMinutes(1))!.Value;
        Assert.Equal(2, board.Fail("a", f2.LeaseId, "w", "boom again")!.Attempts);
    }

    [Fact]
    public void A_returned_lease_goes_first_in_line_and_an_old_lease_cannot_be_returned()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add([Job("a"), Job("b")], "cell");
        var a = board.LeaseNext("w1", T0.AddMinutes(1))!.Value;
        Assert.True(board.Return("a", a.LeaseId, "w1"));
        Assert.False(board.Return("a", a.LeaseId, "w1"));
        Assert.Equal(0, board.LeasedTo("w1"));
        var again = board.LeaseNext("w2", T0.AddMinutes(1))!.Value;
        Assert.Equal("a", again.Job.JobId);
        Assert.False(board.Complete("a", a.LeaseId, "w1").Accepted);
        Assert.True(board.Complete("a", again.LeaseId, "w2").Accepted);
    }

    [Fact]
    public void Lease_ids_are_not_a_counter()
    {
        var board = new JobBoard<string, string>(maxAttempts: 3);
        board.Add(Enumerable.Range(0, 50).Select(i => Job("j" + i)), "cell");
        var ids = Enumerable.Range(0, 50).Select(_ => board.LeaseNext("w", T0.AddMinutes(1))!.Value.LeaseId).ToArray();
        Assert.Equal(50, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id > 0));
        // Consecutive ids of a counter differ by one; random 63-bit ids practically never do.
        Assert.DoesNotContain(ids.Zip(ids.Skip(1)), p => Math.Abs(p.Item2 - p.Item1) == 1);
    }

    [Fact]
    public void Only_the_lease_holder_can_renew_complete_fail_or_return_a_job()
    {
        var board = new JobBoard<string, string>(maxAttempts: 1);
        board.Add([Job("a")], "cell");
        var lease = board.LeaseNext("holder", T0.AddSeconds(10))!.Value;
        Assert.False(board.Renew("a", lease.LeaseId, "intruder", T0.AddMinutes(5)));
        Assert.False(board.Complete("a", lease.LeaseId, "intruder").Accepted);
        Assert.Null(board.Fail("a", lease.LeaseId, "intruder", "forged"));
        Assert.False(board.Return("a", lease.LeaseId, "intruder"));
        Assert.Equal(1, board.LeasedTo("holder"));
        Assert.True(board.Complete("a", lease.LeaseId, "holder").Accepted);
    }
}
