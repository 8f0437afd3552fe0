using System.CommandLine;
using Meicheng.Cli;

var root = new RootCommand("美城 Meicheng: plans as data, progress methods and environmental standards from the command line.")
{
    PlansCommands.Create(),
    ProgressCommand.Create(),
    EvaluateCommand.Create(),
    AqiCommands.Create(),
    AirCommands.Create(),
    WaterCommands.CreateWater(),
    WaterCommands.CreateSeawater(),
    BenchCommands.Create(),
    Hj212Commands.Create(),
};
return await root.Parse(args).InvokeAsync();
