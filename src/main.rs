fn main() {
    std::process::exit(maillint::cli::main_with_args(std::env::args_os().collect()));
}
