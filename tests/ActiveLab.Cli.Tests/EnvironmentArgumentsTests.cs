namespace ActiveLab.Cli.Tests;

/// <summary>Flags of the node commands from ACTIVELAB__FLAG variables (precedence: command line, environment, config, default).</summary>
public class EnvironmentArgumentsTests
{
    private static string[] Merge(Dictionary<string, string> environment, params string[] args) =>
        EnvironmentArguments.Merge(args, environment, Program.SettingsTypes);

    [Fact]
    public void Variables_become_the_commands_flags_and_other_commands_flags_are_ignored()
    {
        var args = Merge(new()
        {
            ["ACTIVELAB__PUBLIC_HOST"] = "worker-1.example",
            ["ACTIVELAB__SLOTS"] = "3",
            ["ACTIVELAB__INSECURE"] = "true",
            ["ACTIVELAB__CONFIG"] = "sweep.conf", // run/seed's flag, not worker's
            ["ACTIVELAB__SWEEP__ROUNDS"] = "4",   // a config setting: ConfigEnvironment's
            ["ACTIVELAB_DATA_DIR"] = "/data",     // one underscore: not a flag variable
        }, "worker", "--seed", "akka.tcp://activelab@seed:4053");
        Assert.Equal(["worker", "--seed", "akka.tcp://activelab@seed:4053", "--slots", "3", "--insecure", "--public-host", "worker-1.example"], args);
    }

    [Fact]
    public void The_command_line_wins_over_the_environment()
    {
        var args = Merge(new() { ["ACTIVELAB__SLOTS"] = "3", ["ACTIVELAB__PORT"] = "4053" }, "seed", "--config", "c.conf", "--port=5000");
        Assert.Equal(["seed", "--config", "c.conf", "--port=5000", "--slots", "3"], args);
        args = Merge(new() { ["ACTIVELAB__SLOTS"] = "3" }, "run", "--slots", "1", "--config", "c.conf");
        Assert.Equal(["run", "--slots", "1", "--config", "c.conf"], args);
    }

    [Fact]
    public void The_dashboard_flags_have_variables_for_run_and_seed_only()
    {
        var env = new Dictionary<string, string> { ["ACTIVELAB__HTTP_PORT"] = "8080", ["ACTIVELAB__HTTP_HOST"] = "0.0.0.0" };
        Assert.Equal(["run", "--config", "c.conf", "--http-port", "8080", "--http-host", "0.0.0.0"], Merge(env, "run", "--config", "c.conf"));
        Assert.Equal(["seed", "--config", "c.conf", "--http-port", "8080", "--http-host", "0.0.0.0"], Merge(env, "seed", "--config", "c.conf"));
        Assert.Equal(["worker", "--seed", "x"], Merge(env, "worker", "--seed", "x"));
    }

    [Fact]
    public void A_switch_is_set_by_true_and_left_off_by_false()
    {
        Assert.DoesNotContain("--insecure", Merge(new() { ["ACTIVELAB__INSECURE"] = "false" }, "worker", "--seed", "x"));
        var e = Assert.Throws<CliInputException>(() => Merge(new() { ["ACTIVELAB__INSECURE"] = "maybe" }, "worker", "--seed", "x"));
        Assert.Equal("environment variable ACTIVELAB__INSECURE must be true or false, got 'maybe'", e.Message);
    }

    [Fact]
    public void A_variable_that_is_no_commands_flag_is_refused_with_the_closest_name()
    {
        var e = Assert.Throws<CliInputException>(() => Merge(new() { ["ACTIVELAB__PUBLC_HOST"] = "h" }, "worker", "--seed", "x"));
        Assert.Equal("environment variable ACTIVELAB__PUBLC_HOST names no option of run, seed, worker or status (did you mean ACTIVELAB__PUBLIC_HOST?)", e.Message);
        // Refused for every command, so a typo in a shared environment is noticed by whichever node starts first.
        Assert.Throws<CliInputException>(() => Merge(new() { ["ACTIVELAB__PUBLC_HOST"] = "h" }, "report", "--results", "r"));
    }

    [Fact]
    public void Other_commands_are_left_alone()
    {
        Assert.Equal(["report", "--results", "r"], Merge(new() { ["ACTIVELAB__CONFIG"] = "c.conf" }, "report", "--results", "r"));
    }
}
