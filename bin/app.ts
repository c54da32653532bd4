import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app-builder.ts';

buildApp(new App());
