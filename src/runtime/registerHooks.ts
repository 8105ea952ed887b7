/** Loaded with `--import` in every worker of a run: installs Threadline's module hooks. */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
