using ActiveLab.Benchmarks;

// Console benchmarks, run outside the test suite:
//   dotnet run -c Release --project benchmarks/ActiveLab.Benchmarks -- scoring [N ...]
return args.Length > 0 && args[0] == "scoring"
    ? ScoringBenchmark.Run(args.Skip(1).Select(int.Parse).DefaultIfEmpty(100_000).ToArray())
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: ActiveLab.Benchmarks scoring [N ...]   (N labeled + N unlabeled examples; default 100000)");
    return 2;
}
